package dev.pyra.plugins.standard.queue;

import dev.pyra.api.strategy.PoolView;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.QueuedSignal;
import java.math.BigDecimal;
import java.math.MathContext;
import org.pf4j.Extension;

/**
 * The highest loss first: how far the market has moved against the queued buy since its signal,
 * {@code (signal price − last price) / signal price × 100}. Positive when the price fell below the
 * signal's (an entry there would be losing that much now); negative when it rose; 0 while no price
 * is known.
 */
@Extension(ordinal = 3)
public final class LossPercentRule implements QueuePriorityRule {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public String id() {
        return "loss-percent";
    }

    @Override
    public BigDecimal value(QueuedSignal entry, PoolView pool) {
        if (entry.lastPrice() == null || entry.signalPrice() == null || entry.signalPrice().signum() == 0) {
            return BigDecimal.ZERO;
        }
        return entry.signalPrice().subtract(entry.lastPrice()).multiply(HUNDRED)
                .divide(entry.signalPrice(), MathContext.DECIMAL64).stripTrailingZeros();
    }
}
