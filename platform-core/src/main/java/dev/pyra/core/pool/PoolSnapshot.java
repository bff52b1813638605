package dev.pyra.core.pool;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/pool}: the limit, the groups holding slots, and the waiting queue in rank order.
 *
 * @param priorityRules the ranking chain in force, first rule first
 */
public record PoolSnapshot(int maxActiveGroups, int activeGroups, List<ActiveGroup> active, List<String> priorityRules,
        List<RankedEntry> queue) {

    /** A position group holding a slot (open, live or closing). */
    public record ActiveGroup(long id, String exchange, String symbol, String pairKey, String timeframe, String status, Instant openedAt) {}
}
