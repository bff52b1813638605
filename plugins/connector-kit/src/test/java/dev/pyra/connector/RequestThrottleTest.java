package dev.pyra.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestThrottleTest {
    private Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final List<Duration> slept = new ArrayList<>();
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    private RequestThrottle throttle(Duration maxWait) {
        return new RequestThrottle("venue",
                List.of(new RequestThrottle.Limit("weight", 100, Duration.ofMinutes(1))),
                List.of(new RequestThrottle.Limit("orders", 3, Duration.ofSeconds(10))),
                maxWait, clock, d -> { slept.add(d); now = now.plus(d); });
    }

    @Test
    void weightWithinTheWindowGoesAtOnceAndTheNextWindowWaits() {
        RequestThrottle throttle = throttle(Duration.ofMinutes(2));
        throttle.acquire(60, false);
        throttle.acquire(40, false);
        assertThat(slept).isEmpty();
        throttle.acquire(20, false); // 120 > 100: waits for the next minute
        assertThat(slept).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void ordersAreCountedOnTheirOwnWindow() {
        RequestThrottle throttle = throttle(Duration.ofMinutes(2));
        throttle.acquire(1, true);
        throttle.acquire(1, true);
        throttle.acquire(1, true);
        throttle.acquire(1, false); // not an order: no wait
        assertThat(slept).isEmpty();
        throttle.acquire(1, true);
        assertThat(slept).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void theVenuesRetryAfterHoldsEveryRequest() {
        RequestThrottle throttle = throttle(Duration.ofMinutes(2));
        throttle.backOff(Duration.ofSeconds(7));
        throttle.acquire(1, false);
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aWaitLongerThanTheCallerMayWaitFailsAsRateLimited() {
        RequestThrottle throttle = throttle(Duration.ofSeconds(5));
        throttle.backOff(Duration.ofSeconds(120));
        assertThatThrownBy(() -> throttle.acquire(1, false)).isInstanceOf(ExchangeException.class)
                .satisfies(e -> assertThat(((ExchangeException) e).kind()).isEqualTo(ErrorKind.RATE_LIMITED));
        assertThat(slept).isEmpty();
    }

    @Test
    void theVenuesUsedWeightCountsWhenItIsHigher() {
        RequestThrottle throttle = throttle(Duration.ofMinutes(2));
        throttle.observedWeight("weight", 95);
        throttle.acquire(10, false);
        assertThat(slept).containsExactly(Duration.ofMinutes(1));
    }
}
