package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory host: state survives as long as this object, published reports are kept. */
final class TestContext implements ConnectorContext {
    final Map<String, String> saved = new ConcurrentHashMap<>();
    final List<OrderReport> published = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

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
    }
}
