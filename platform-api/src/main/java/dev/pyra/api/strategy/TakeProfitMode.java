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
}
