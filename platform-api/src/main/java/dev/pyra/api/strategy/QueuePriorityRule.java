package dev.pyra.api.strategy;

import java.math.BigDecimal;
import org.pf4j.ExtensionPoint;

/**
 * One link of the waiting queue's ranking chain. When a slot of the execution pool frees, the
 * queued entries are ranked by the configured rules in order: the first rule that tells two
 * entries apart decides. Pure and cheap: the engine calls it on its event loop.
 */
public interface QueuePriorityRule extends ExtensionPoint {

    /** The id chosen in config ({@code pool.priorityRules}), e.g. {@code loss-percent}. */
    String id();

    /** This entry's value under the rule: a higher value ranks first. Shown in {@code GET /api/v1/pool}. */
    BigDecimal value(QueuedSignal entry, PoolView pool);
}
