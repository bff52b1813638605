package dev.pyra.plugins.standard;

import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.api.strategy.TakeProfitView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/** Each filled leg closes on its own once the price reaches that leg's target. */
@Extension
public final class PerLegTakeProfit implements TakeProfitMode {
    static List<String> legsAtTarget(TakeProfitView group, BigDecimal price) {
        List<String> due = new ArrayList<>();
        for (TakeProfitView.Leg leg : group.legs()) {
            if (price.compareTo(leg.target()) >= 0) {
                due.add(leg.legId());
            }
        }
        return due;
    }

    @Override
    public String id() {
        return "per-leg";
    }

    static BigDecimal lowestTarget(TakeProfitView group) {
        BigDecimal lowest = null;
        for (TakeProfitView.Leg leg : group.legs()) {
            lowest = lowest == null || leg.target().compareTo(lowest) < 0 ? leg.target() : lowest;
        }
        return lowest;
    }

    @Override
    public BigDecimal triggerPrice(TakeProfitView group) {
        return lowestTarget(group);
    }

    @Override
    public TakeProfitDecision evaluate(TakeProfitView group, BigDecimal lastPrice) {
        return TakeProfitDecision.legs(legsAtTarget(group, lastPrice));
    }
}
