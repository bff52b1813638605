package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory host: state lives as long as this object (so a second exchange on it is a
 * restart), the clock moves only when told, and every published report is kept together with
 * the state that was saved when it was published.
 */
final class TestContext implements ConnectorContext {
    final Map<String, String> saved = new ConcurrentHashMap<>();
    final List<OrderReport> published = new CopyOnWriteArrayList<>();
    final List<String> savedWhenPublished = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

    @Override
    public StateStore state() {
        return new StateStore() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(saved.get(key));
            }

            @Override
            public void put(String key, String value) {
                saved.put(key, value);
            }
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void publish(OrderReport report) {
        published.add(report);
        savedWhenPublished.add(saved.getOrDefault("state", ""));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the paper venue works in UTC");
        }
    }
}
