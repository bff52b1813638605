package dev.pyra.core.risk;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One offset: the loser closed in full, paid for by partial closes of up to {@code risk.maxWinners}
 * winners. Amounts are planned at the prices of the moment, fees included; the trade history holds
 * what the fills realized.
 *
 * @param requiredUsd the loser's unrealized loss, its sale's fee included
 * @param coveredUsd what the winners' sales were planned to realize
 */
public record RiskOffset(Instant at, long loserGroupId, String loserSymbol, BigDecimal loserLossPercent, BigDecimal requiredUsd,
        BigDecimal coveredUsd, List<Winner> winners) {

    /** @param plannedUsd what this sale was planned to realize */
    public record Winner(long groupId, String symbol, BigDecimal quantity, BigDecimal price, BigDecimal plannedUsd, boolean wholeGroup) {}
}
