package dev.pyra.plugins.standard.queue;

import dev.pyra.api.strategy.PoolView;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.QueuedSignal;
import java.math.BigDecimal;
import org.pf4j.Extension;

/** First: a signal continuing a pair and timeframe that is active or just closed (1), before the others (0). */
@Extension(ordinal = 4)
public final class ContinuationRule implements QueuePriorityRule {
    @Override
    public String id() {
        return "continuation";
    }

    @Override
    public BigDecimal value(QueuedSignal entry, PoolView pool) {
        return pool.activeOrJustClosed(entry.pairKey(), entry.timeframe()) ? BigDecimal.ONE : BigDecimal.ZERO;
    }
}
