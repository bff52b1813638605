package dev.pyra.api.exchange;

import java.time.Duration;
import java.util.Optional;

/**
 * How the host places an order so that it reaches the venue at most once and is never called
 * failed without the venue's word. A client order id alone does not make a retry safe: Binance
 * accepts a reused id once the first order has filled, OKX dedupes only among open orders. So
 * after a transient failure (timeout, reset, rate limit, venue down) the venue is asked about the
 * client order id first. A rate-limited request was turned away, so it is sent again when the
 * venue does not know it; any other failure leaves the order in doubt, because the request may
 * still land, and the host's order poll decides later.
 *
 * <p>The contract test kit runs this same policy against every connector.
 */
public final class Placement {

    /** How a placement ended. */
    public sealed interface Outcome {}

    /** The venue took the order. */
    public record Placed(OrderReport report) implements Outcome {}

    /** The venue refused the order, or never received it after every attempt: it is not on the venue. */
    public record Refused(ExchangeException error) implements Outcome {}

    /** The venue could not say whether it holds the order: it must be asked again later, never re-sent blind. */
    public record InDoubt(ExchangeException error) implements Outcome {}

    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration);
    }

    private final int attempts;
    private final Duration firstBackoff;
    private final Pause pause;

    public Placement(int attempts, Duration firstBackoff, Pause pause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.pause = pause;
    }

    public static Placement standard() {
        return new Placement(4, Duration.ofMillis(200), Placement::sleep);
    }

    public Outcome place(ExchangeConnector connector, OrderRequest request) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            ExchangeException failure;
            try {
                return new Placed(connector.placeOrder(request));
            } catch (ExchangeException e) {
                if (!e.kind().isTransient()) {
                    return new Refused(e);
                }
                failure = e;
            }
            // the request may have reached the venue: its word on the client order id decides
            Optional<OrderReport> known;
            try {
                known = askUntilAnswered(connector, request, backoff);
            } catch (ExchangeException unanswered) {
                return new InDoubt(failure);
            }
            if (known.isPresent()) {
                return new Placed(known.get());
            }
            if (failure.kind() != ErrorKind.RATE_LIMITED) {
                // a timed-out or cut-off request can still land after "unknown" (within the venue's
                // receive window): only the host's order poll sends it again, once that window is past
                return new InDoubt(failure);
            }
            if (attempt == attempts) {
                return new Refused(failure); // turned away every time: the venue never took it
            }
            pause.pause(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    private Optional<OrderReport> askUntilAnswered(ExchangeConnector connector, OrderRequest request, Duration backoff) {
        for (int asked = 1; ; asked++) {
            try {
                return connector.orderStatus(request.symbol(), request.clientOrderId());
            } catch (ExchangeException e) {
                if (!e.kind().isTransient() || asked == attempts) {
                    throw e;
                }
                pause.pause(backoff);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
