package dev.pyra.plugins.standard;

import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.api.strategy.TakeProfitView;
import java.math.BigDecimal;
import org.pf4j.Extension;

/**
 * Both armed, first wins: the aggregate target closes everything held; otherwise legs at their
 * own targets close, and what is left stays under the aggregate target.
 */
@Extension
public final class HybridTakeProfit implements TakeProfitMode {
    @Override
    public String id() {
        return "hybrid";
    }

    @Override
    public BigDecimal triggerPrice(TakeProfitView group) {
        BigDecimal leg = PerLegTakeProfit.lowestTarget(group);
        BigDecimal aggregate = group.aggregateTarget();
        return leg == null ? aggregate : aggregate == null ? leg : leg.min(aggregate);
    }

    @Override
    public TakeProfitDecision evaluate(TakeProfitView group, BigDecimal lastPrice) {
        if (AggregateTakeProfit.reached(group, lastPrice)) {
            return TakeProfitDecision.all();
        }
        return TakeProfitDecision.legs(PerLegTakeProfit.legsAtTarget(group, lastPrice));
    }
}
