package dev.pyra.plugins.standard;

import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.api.strategy.TakeProfitView;
import java.math.BigDecimal;
import org.pf4j.Extension;

/** The whole group closes once the price reaches its average entry × (1 + aggregate tp%). */
@Extension
public final class AggregateTakeProfit implements TakeProfitMode {
    static boolean reached(TakeProfitView group, BigDecimal price) {
        BigDecimal target = group.aggregateTarget();
        return target != null && !group.legs().isEmpty() && price.compareTo(target) >= 0;
    }

    @Override
    public String id() {
        return "aggregate";
    }

    @Override
    public BigDecimal triggerPrice(TakeProfitView group) {
        return group.aggregateTarget();
    }

    @Override
    public TakeProfitDecision evaluate(TakeProfitView group, BigDecimal lastPrice) {
        return reached(group, lastPrice) ? TakeProfitDecision.all() : TakeProfitDecision.none();
    }
}
