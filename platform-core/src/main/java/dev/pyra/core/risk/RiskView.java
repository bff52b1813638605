package dev.pyra.core.risk;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/risk}: whether the risk engine is on, its guardrail, every losing group with
 * each activation condition, and the offsets made.
 *
 * @param realizedLossToday loss realized through offsets within the last 24 hours
 * @param lossAllowance how much more may be realized through offsets today (the guardrail), null while equity is unknown
 */
public record RiskView(boolean enabled, BigDecimal equity, BigDecimal peakEquity, BigDecimal realizedLossToday, BigDecimal lossAllowance,
        List<Candidate> candidates, List<RiskOffset> history) {

    /**
     * @param conditions each activation condition and whether it holds: pyramids, timer, loss, age, price
     * @param remainingSeconds until the timer allows an offset; 0 once elapsed; null before it started
     */
    public record Candidate(long groupId, String exchange, String symbol, String timeframe, int pyramids, BigDecimal lossPercent,
            BigDecimal lossUsd, Instant timerStartedAt, Long remainingSeconds, Map<String, Boolean> conditions, boolean eligible) {}
}
