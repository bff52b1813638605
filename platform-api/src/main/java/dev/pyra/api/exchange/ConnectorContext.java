package dev.pyra.api.exchange;

import java.time.Clock;

/** What the host gives a connector: durable state, a clock, and a way to report order updates. */
public interface ConnectorContext {

    /** Durable key-value state owned by this connector; survives restarts. Plugins never see the database. */
    StateStore state();

    Clock clock();

    /** Hands an order update to the engine; safe to call from any thread. */
    void publish(OrderReport report);

    /**
     * Asks the host to check every working order with the venue now: after a push stream was down
     * (reconnected, or found silent), updates may have been missed. Safe to call from any thread.
     */
    default void resync() {}
}
