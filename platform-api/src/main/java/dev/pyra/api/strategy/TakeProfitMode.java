package dev.pyra.api.strategy;

import java.math.BigDecimal;
import org.pf4j.ExtensionPoint;

/**
 * Decides what a position group closes at a price. Pure: no I/O, no state; the engine calls it on
 * its event loop for every price tick, so it must be cheap.
 */
public interface TakeProfitMode extends ExtensionPoint {

    /** The id chosen in config, e.g. {@code per-leg}. */
    String id();

    TakeProfitDecision evaluate(TakeProfitView group, BigDecimal lastPrice);

    /**
     * The lowest price at which {@link #evaluate} could close anything for this group. The engine
     * recomputes it when the group changes and skips {@code evaluate} on ticks below it, which is
     * what keeps a tick cheap with thousands of groups. The default, zero, means "ask me every tick".
     */
    default BigDecimal triggerPrice(TakeProfitView group) {
        return BigDecimal.ZERO;
    }
}
