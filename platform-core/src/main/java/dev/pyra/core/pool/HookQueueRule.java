package dev.pyra.core.pool;

import dev.pyra.api.strategy.PoolView;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.QueuedSignal;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.Hooks;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The rule {@code hook} of the waiting queue's chain: the score the user's {@code queuePriority}
 * hook gives an entry (higher first). While no such hook runs (none, switched off, or it failed
 * for this entry) every entry scores 0, so the next rule of the chain decides.
 */
public final class HookQueueRule implements QueuePriorityRule {
    public static final String ID = "hook";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Supplier<Hooks> hooks;
    private final Supplier<Map<String, Object>> context;

    /** @param context what the hook sees besides the entry (the time, the pool), built on the event loop */
    public HookQueueRule(Supplier<Hooks> hooks, Supplier<Map<String, Object>> context) {
        this.hooks = hooks;
        this.context = context;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public BigDecimal value(QueuedSignal entry, PoolView pool) {
        Hooks installed = hooks.get();
        if (!installed.active(HookName.queuePriority)) {
            return BigDecimal.ZERO;
        }
        return installed.queuePriority("queued entry " + entry.exchange() + " " + entry.symbol() + " " + entry.timeframe(),
                facts(entry, pool), context.get()).orElse(BigDecimal.ZERO);
    }

    /** An entry as the hook sees it. */
    public static Map<String, Object> facts(QueuedSignal entry, PoolView pool) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exchange", entry.exchange());
        data.put("symbol", entry.symbol());
        data.put("pair", entry.pairKey());
        data.put("timeframe", entry.timeframe());
        data.put("signalPrice", entry.signalPrice());
        data.put("lastPrice", entry.lastPrice());
        data.put("lossPercent", entry.lastPrice() == null || entry.signalPrice() == null || entry.signalPrice().signum() == 0 ? null
                : entry.signalPrice().subtract(entry.lastPrice()).multiply(HUNDRED).divide(entry.signalPrice(), MathContext.DECIMAL64));
        data.put("replacementCount", entry.replacementCount());
        data.put("sequence", entry.sequence());
        data.put("queuedAt", entry.queuedAt() == null ? null : entry.queuedAt().toString());
        data.put("continuation", pool.activeOrJustClosed(entry.pairKey(), entry.timeframe()));
        return data;
    }
}
