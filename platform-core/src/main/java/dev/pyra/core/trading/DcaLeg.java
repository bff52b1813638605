package dev.pyra.core.trading;

import dev.pyra.core.precision.Adjustment;
import java.util.List;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One rung of a pyramid's ladder: a buy at a gap below the entry, a share of the pyramid's capital,
 * and a take-profit computed from what it actually paid. Owned by the event loop.
 */
public final class DcaLeg {
    static final MathContext MATH = MathContext.DECIMAL128;

    final int index;
    final BigDecimal gapPercent;
    final BigDecimal weightPercent;
    final BigDecimal tpPercent;
    LegState state = LegState.PLANNED;
    String reason;
    String buyOrderId;
    /** How its buy goes out: the entry as configured (market or limit), further legs as limits. */
    dev.pyra.api.exchange.OrderType buyType;
    /** How many take-profit sells it has sent: the next one's client order id is never one used before. */
    int takeProfitOrders;
    BigDecimal price;
    BigDecimal quantity;
    /** What the precision engine changed in this leg's buy, and why (shown in the UI and API). */
    List<Adjustment> adjustments = List.of();

    // what the buy order did
    BigDecimal filledQuantity = BigDecimal.ZERO;
    BigDecimal filledQuote = BigDecimal.ZERO;
    BigDecimal feeQuote = BigDecimal.ZERO;
    BigDecimal feeBase = BigDecimal.ZERO;
    /** What it paid, fees included, for what it still holds: each sale takes out its share. */
    BigDecimal costBasis = BigDecimal.ZERO;
    BigDecimal tpTarget;

    // what sells did with it
    BigDecimal soldQuantity = BigDecimal.ZERO;
    BigDecimal sellingQuantity = BigDecimal.ZERO;
    BigDecimal realizedPnl = BigDecimal.ZERO;
    BigDecimal dust = BigDecimal.ZERO;

    DcaLeg(int index, BigDecimal gapPercent, BigDecimal weightPercent, BigDecimal tpPercent) {
        this.index = index;
        this.gapPercent = gapPercent;
        this.weightPercent = weightPercent;
        this.tpPercent = tpPercent;
    }

    /** The average price its buy filled at; null before any fill. */
    BigDecimal averageFillPrice() {
        // a 34-digit division, asked for by every snapshot and take-profit view: kept until a fill changes its inputs
        if (averageOf[0] != filledQuantity || averageOf[1] != filledQuote) {
            average = filledQuantity.signum() == 0 ? null : filledQuote.divide(filledQuantity, MATH);
            averageOf = new BigDecimal[] {filledQuantity, filledQuote};
        }
        return average;
    }

    private BigDecimal average;
    /** The (immutable) filled quantity and quote {@link #average} was computed from. */
    private BigDecimal[] averageOf = new BigDecimal[2];

    /** What it owns after a base-asset fee was taken. */
    BigDecimal netQuantity() {
        return filledQuantity.subtract(feeBase);
    }

    /** Still owned and not yet sold nor being sold. */
    BigDecimal heldQuantity() {
        return netQuantity().subtract(soldQuantity).subtract(dust);
    }

    BigDecimal freeQuantity() {
        return heldQuantity().subtract(sellingQuantity);
    }

    /** Cost basis of what it still holds. */
    BigDecimal heldCost() {
        return costBasis;
    }

    /**
     * Takes the cost of {@code quantity} out of the basis (average cost), before that quantity
     * leaves the holding; the last unit takes what is left, so realized + held cost always add up
     * to what was paid, even when a leg buys more after selling some.
     */
    BigDecimal releaseCost(BigDecimal quantity) {
        BigDecimal held = heldQuantity();
        BigDecimal cost = quantity.compareTo(held) >= 0 ? costBasis : costBasis.multiply(quantity).divide(held, MATH);
        costBasis = costBasis.subtract(cost);
        return cost;
    }

    /** Dust is worth nothing Pyra can sell: its cost is realized as a loss, so PnL still adds up to the cash. */
    void toDust(BigDecimal quantity) {
        if (quantity.signum() <= 0) {
            return;
        }
        realizedPnl = realizedPnl.subtract(releaseCost(quantity));
        dust = dust.add(quantity);
    }

    /** True once the buy order reached a final status (filled, cancelled, rejected). */
    boolean buyDone;

    boolean buyOrderWorking() {
        return buyOrderId != null && !buyDone;
    }

    void recomputeTarget(BigDecimal tick) {
        BigDecimal average = averageFillPrice();
        if (average == null) {
            tpTarget = null;
            return;
        }
        tpTarget = Ladder.takeProfitTarget(average, tpPercent, tick);
    }
}
