package dev.pyra.plugins.standard.queue;

import dev.pyra.api.strategy.PoolView;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.QueuedSignal;
import java.math.BigDecimal;
import org.pf4j.Extension;

/** The most replaced first: a signal that kept firing while it waited. */
@Extension(ordinal = 2)
public final class ReplacementCountRule implements QueuePriorityRule {
    @Override
    public String id() {
        return "replacement-count";
    }

    @Override
    public BigDecimal value(QueuedSignal entry, PoolView pool) {
        return BigDecimal.valueOf(entry.replacementCount());
    }
}
