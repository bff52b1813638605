package com.example.pyra;

import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.api.strategy.TakeProfitView;
import java.math.BigDecimal;
import org.pf4j.Extension;

/**
 * An example extension: closes the whole group as soon as the price is back at its average entry.
 * {@code @Extension} plus annotation processing (on in the parent pom) lists it in
 * {@code META-INF/extensions.idx}, which is how PF4J finds it.
 */
@Extension
public final class BreakEvenTakeProfit implements TakeProfitMode {
    @Override
    public String id() {
        return "example-break-even";
    }

    @Override
    public TakeProfitDecision evaluate(TakeProfitView group, BigDecimal lastPrice) {
        boolean held = !group.legs().isEmpty() && group.averageEntry() != null;
        return held && lastPrice.compareTo(group.averageEntry()) >= 0 ? TakeProfitDecision.all() : TakeProfitDecision.none();
    }
}
