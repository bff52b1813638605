package dev.pyra.testkit;

import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The host's side for a connector under test: state in memory, and every pushed report and re-sync request recorded. */
public final class RecordingContext implements ConnectorContext {
    private final Map<String, String> state = new ConcurrentHashMap<>();
    private final List<OrderReport> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger resyncs = new AtomicInteger();

    @Override
    public StateStore state() {
        return new StateStore() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(state.get(key));
            }

            @Override
            public void put(String key, String value) {
                state.put(key, value);
            }
        };
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void publish(OrderReport report) {
        published.add(report);
    }

    @Override
    public void resync() {
        resyncs.incrementAndGet();
    }

    /** The reports the connector pushed, in order. */
    public List<OrderReport> published() {
        return published;
    }

    /** How often the connector asked the host to re-sync. */
    public int resyncs() {
        return resyncs.get();
    }
}
