package dev.pyra.core.engine;

import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.StoredSignal;

/**
 * The foundation's handler: signals are validated, stored and handed to the loop, but no order is
 * placed yet. The trading engine core (position groups, DCA, take-profit) replaces it.
 */
public final class AcceptingSignalHandler implements SignalHandler {
    @Override
    public SignalOutcome onSignal(StoredSignal signal) {
        return SignalOutcome.accepted("stored; order execution is not enabled in this build");
    }
}
