package dev.pyra.core.engine;

import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.StoredSignal;

/** The trading logic fed by the event loop. Every method runs on the loop thread. */
public interface SignalHandler {

    /** Decides what a stored signal does. Must not block: orders are placed off the loop. */
    SignalOutcome onSignal(StoredSignal signal);

    default void onOrderUpdate(String venue, OrderReport report) {}

    default void onTick(String venue, PriceTick tick) {}
}
