package dev.pyra.api.strategy;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A losing position group the risk engine could offset.
 *
 * @param lossPercent its unrealized loss as a positive percentage of its cost (fees included)
 * @param lossUsd its unrealized loss in the quote currency, a positive amount (fees included)
 */
public record RiskCandidate(long groupId, String exchange, String symbol, String timeframe, BigDecimal lossPercent, BigDecimal lossUsd,
        Instant openedAt) {}
