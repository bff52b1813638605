package dev.pyra.core.trading;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to venues off the event loop. Before an order leaves, its intent is recorded durably;
 * after a transient failure (timeout, reset, rate limit) the venue is asked about the client order
 * id before any retry, so an order is never placed twice nor marked failed without the venue's word.
 */
final class OrderGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Function<String, ExchangeConnector> connectors;
    private final TradeJournal journal;
    private final OrderEvents events;
    private final ExecutorService io = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("pyra-order-", 0).factory());

    OrderGateway(Function<String, ExchangeConnector> connectors, TradeJournal journal, OrderEvents events) {
        this.connectors = connectors;
        this.journal = journal;
        this.events = events;
    }

    void place(TrackedOrder order) {
        io.execute(() -> {
            OrderRequest request = order.request;
            try {
                journal.recordIntent(order);
            } catch (RuntimeException e) {
                log.error("Order {} not sent: its intent could not be recorded ({})", request.clientOrderId(), e.getMessage());
                events.onOrderFailed(order.venue, request.clientOrderId(),
                        new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "pyra", "intent not recorded: " + e.getMessage(), e));
                return;
            }
            ExchangeConnector connector = connectors.apply(order.venue);
            Duration backoff = FIRST_BACKOFF;
            for (int attempt = 1; ; attempt++) {
                try {
                    log.info("Sending {} {} {} {} {} @ {}", request.clientOrderId(), request.side(), request.type(),
                            request.quantity().toPlainString(), request.symbol(),
                            request.price() == null ? "market" : request.price().toPlainString());
                    events.onReport(order.venue, connector.placeOrder(request));
                    return;
                } catch (ExchangeException e) {
                    if (!e.kind().isTransient()) {
                        log.warn("Order {} refused by {}: {}", request.clientOrderId(), order.venue, e.getMessage());
                        events.onOrderFailed(order.venue, request.clientOrderId(), e);
                        return;
                    }
                    Optional<OrderReport> known = ask(connector, request);
                    if (known.isPresent()) {
                        events.onReport(order.venue, known.get());
                        return;
                    }
                    if (attempt == ATTEMPTS) {
                        log.error("Order {} not placed after {} attempts: {}", request.clientOrderId(), attempt, e.getMessage());
                        events.onOrderFailed(order.venue, request.clientOrderId(), e);
                        return;
                    }
                    log.warn("Order {}: {} — retrying in {} ms", request.clientOrderId(), e.getMessage(), backoff.toMillis());
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                }
            }
        });
    }

    void cancel(String venue, String symbol, String clientOrderId) {
        io.execute(() -> {
            ExchangeConnector connector = connectors.apply(venue);
            try {
                events.onReport(venue, connector.cancelOrder(symbol, clientOrderId));
            } catch (ExchangeException e) {
                // already filled or cancelled: the venue's current word settles it
                try {
                    connector.orderStatus(symbol, clientOrderId).ifPresent(report -> events.onReport(venue, report));
                } catch (ExchangeException again) {
                    log.error("Cancel of {} failed and its status is unknown: {}", clientOrderId, again.getMessage());
                }
            }
        });
    }

    /** Asks the venue for an order's current state (used after a restart). */
    void query(String venue, String symbol, String clientOrderId, Runnable whenUnknown) {
        io.execute(() -> {
            try {
                Optional<OrderReport> report = connectors.apply(venue).orderStatus(symbol, clientOrderId);
                if (report.isPresent()) {
                    events.onReport(venue, report.get());
                } else {
                    whenUnknown.run();
                }
            } catch (ExchangeException e) {
                log.error("Cannot query {} on {}: {}", clientOrderId, venue, e.getMessage());
            }
        });
    }

    private static Optional<OrderReport> ask(ExchangeConnector connector, OrderRequest request) {
        try {
            return connector.orderStatus(request.symbol(), request.clientOrderId());
        } catch (ExchangeException e) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void halt() {
        io.shutdownNow();
    }

    @Override
    public void close() {
        io.shutdown();
        try {
            io.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
