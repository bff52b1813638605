package dev.pyra.connector;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps a connector under its venue's published limits: request weight per window (Binance counts
 * weight per minute, others requests per second) and orders per window, plus the venue's own word:
 * after a 429/418 with {@code Retry-After}, nothing is sent until that time has passed.
 *
 * <p>Windows are fixed, as the venues count them. A request that would wait longer than
 * {@code maxWait} fails at once as {@link ErrorKind#RATE_LIMITED} instead of hanging a caller.
 */
public final class RequestThrottle {

    /** At most {@code permits} per {@code window}. */
    public record Limit(String name, int permits, Duration window) {}

    /** Sleeps; tests pass one that moves their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String venue;
    private final Window[] weight;
    private final Window[] orders;
    private final Duration maxWait;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant pausedUntil = Instant.MIN;

    public RequestThrottle(String venue, List<Limit> weightLimits, List<Limit> orderLimits, Duration maxWait, Clock clock, Sleeper sleeper) {
        this.venue = venue;
        this.weight = weightLimits.stream().map(Window::new).toArray(Window[]::new);
        this.orders = orderLimits.stream().map(Window::new).toArray(Window[]::new);
        this.maxWait = maxWait;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public RequestThrottle(String venue, List<Limit> weightLimits, List<Limit> orderLimits) {
        this(venue, weightLimits, orderLimits, Duration.ofSeconds(30), Clock.systemUTC(), d -> Thread.sleep(d));
    }

    /**
     * Waits until a request of this weight (and an order, when it places one) may leave. The wait
     * happens outside the lock, so the venue's answers on other threads (back-off, used weight)
     * are never held up, and no caller waits longer than {@code maxWait} in all.
     */
    public void acquire(int requestWeight, boolean placesOrder) {
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Instant ready;
            synchronized (this) {
                Instant now = clock.instant();
                ready = readyAt(requestWeight, placesOrder, now);
                if (!ready.isAfter(now)) {
                    take(requestWeight, placesOrder, now);
                    return;
                }
            }
            if (ready.isAfter(deadline)) {
                throw new ExchangeException(ErrorKind.RATE_LIMITED, "pyra-throttle",
                        venue + " limits requests for another " + Duration.between(clock.instant(), ready).toSeconds() + " s");
            }
            try {
                sleeper.sleep(Duration.between(clock.instant(), ready));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "pyra-throttle", "interrupted while waiting for " + venue);
            }
        }
    }

    private Instant readyAt(int requestWeight, boolean placesOrder, Instant now) {
        Instant ready = pausedUntil.isAfter(now) ? pausedUntil : now;
        for (Window w : weight) {
            ready = later(ready, w.readyFor(requestWeight, now));
        }
        if (placesOrder) {
            for (Window w : orders) {
                ready = later(ready, w.readyFor(1, now));
            }
        }
        return ready;
    }

    private void take(int requestWeight, boolean placesOrder, Instant now) {
        for (Window w : weight) {
            w.take(requestWeight, now);
        }
        if (placesOrder) {
            for (Window w : orders) {
                w.take(1, now);
            }
        }
    }

    /** "requests paused by the venue until 19:42:07 UTC (118 s left)" while a 429/418 pause lasts. */
    public synchronized java.util.Optional<String> condition() {
        Instant now = clock.instant();
        if (!pausedUntil.isAfter(now)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("requests paused by the venue until " + Conditions.clockTime(pausedUntil) + " ("
                + Math.max(1, Duration.between(now, pausedUntil).toSeconds()) + " s left)");
    }

    /** The venue asked us to stop for this long (its {@code Retry-After}, or a ban). */
    public synchronized void backOff(Duration duration) {
        Instant until = clock.instant().plus(duration);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /**
     * The venue says how much weight this window has used (Binance's {@code X-MBX-USED-WEIGHT-1M}):
     * other programs on the same key count too, so the larger figure wins.
     */
    public synchronized void observedWeight(String limitName, int used) {
        for (Window w : weight) {
            if (w.limit.name().equals(limitName)) {
                w.observed(used, clock.instant());
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    private static final class Window {
        final Limit limit;
        Instant start = Instant.MIN;
        int used;

        Window(Limit limit) {
            this.limit = limit;
        }

        private void roll(Instant now) {
            long windowMillis = limit.window().toMillis();
            long index = Math.floorDiv(now.toEpochMilli(), windowMillis);
            Instant current = Instant.ofEpochMilli(index * windowMillis);
            if (!current.equals(start)) {
                start = current;
                used = 0;
            }
        }

        Instant readyFor(int permits, Instant now) {
            roll(now);
            if (used + permits <= limit.permits() || used == 0) {
                return now; // a request heavier than the whole window still goes, alone
            }
            return start.plus(limit.window());
        }

        void take(int permits, Instant now) {
            roll(now);
            used += permits;
        }

        void observed(int venueUsed, Instant now) {
            roll(now);
            used = Math.max(used, venueUsed);
        }
    }
}
