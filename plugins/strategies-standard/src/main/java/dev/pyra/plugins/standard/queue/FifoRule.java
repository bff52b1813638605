package dev.pyra.plugins.standard.queue;

import dev.pyra.api.strategy.PoolView;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.QueuedSignal;
import java.math.BigDecimal;
import org.pf4j.Extension;

/** First come, first served: the earlier arrival ranks first (a replacement keeps its place). */
@Extension(ordinal = 1)
public final class FifoRule implements QueuePriorityRule {
    @Override
    public String id() {
        return "fifo";
    }

    @Override
    public BigDecimal value(QueuedSignal entry, PoolView pool) {
        return BigDecimal.valueOf(-entry.sequence());
    }
}
