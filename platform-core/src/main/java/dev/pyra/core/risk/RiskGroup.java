package dev.pyra.core.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/**
 * A live position group as the risk engine sees it, copied on the event loop.
 *
 * @param heldCost what the held quantity cost, buy fees included
 * @param feeRate the fee rate its buys paid (quote fee ÷ quote spent), assumed for its sale too
 * @param saleInFlight a take-profit or group sale is out: the group is left alone until it is done
 */
public record RiskGroup(long id, String exchange, String symbol, String pairKey, String timeframe, String quoteAsset, Instant openedAt,
        int pyramids, boolean allLegsSubmitted, boolean allLegsFilled, Instant timerStartedAt, BigDecimal heldQuantity, BigDecimal heldCost,
        BigDecimal lastPrice, Instant lastPriceAt, BigDecimal feeRate, boolean saleInFlight) {

    static final MathContext MATH = MathContext.DECIMAL128;

    /** What selling everything now would realize, the sale's fee included (negative: a loss). */
    BigDecimal unrealizedNet() {
        return lastPrice.multiply(heldQuantity).multiply(BigDecimal.ONE.subtract(feeRate)).subtract(heldCost);
    }

    /** {@link #unrealizedNet} as a percentage of the held cost. */
    BigDecimal unrealizedPercent() {
        return heldCost.signum() == 0 ? BigDecimal.ZERO : unrealizedNet().multiply(BigDecimal.valueOf(100)).divide(heldCost, MATH);
    }

    /** What one more unit sold now realizes, the sale's fee included. */
    BigDecimal profitPerUnit() {
        return lastPrice.multiply(BigDecimal.ONE.subtract(feeRate)).subtract(heldCost.divide(heldQuantity, MATH));
    }
}
