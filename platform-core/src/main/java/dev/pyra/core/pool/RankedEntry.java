package dev.pyra.core.pool;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A queued entry as {@code GET /api/v1/pool} shows it: its rank (1 goes next) and each ranking
 * rule's value for it, in the configured order.
 */
public record RankedEntry(int rank, long sequence, String exchange, String symbol, String pairKey, String timeframe, long signalId,
        long firstSignalId, BigDecimal signalPrice, BigDecimal lastPrice, Instant queuedAt, Instant replacedAt, int replacementCount,
        Map<String, BigDecimal> values) {}
