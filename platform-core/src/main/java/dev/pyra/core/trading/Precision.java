package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Every order passes here before it leaves: price to the tick (buys down, sells up: never a worse
 * price than planned), quantity down to the step (never more than allotted), then the venue's
 * minimums. This is the first cut; the precision engine issue completes it.
 */
public final class Precision {
    private Precision() {}

    /** The order as it may be sent, or why it may not. */
    public record Checked(BigDecimal price, BigDecimal quantity, String blockedReason) {
        public boolean blocked() {
            return blockedReason != null;
        }
    }

    /**
     * @param price the limit price, or for a market order the price it is expected to trade at
     */
    public static Checked check(SymbolRules rules, Side side, OrderType type, BigDecimal price, BigDecimal quantity) {
        if (rules == null) {
            return new Checked(price, quantity, "no symbol rules for this symbol: refusing to guess");
        }
        if (!rules.trading()) {
            return new Checked(price, quantity, rules.symbol() + " is not trading on the venue");
        }
        BigDecimal tick = rules.tickSize();
        BigDecimal roundedPrice = tick == null ? price : side == Side.BUY ? roundDown(price, tick) : roundUp(price, tick);
        BigDecimal step = type == OrderType.MARKET && rules.marketStepSize() != null ? rules.marketStepSize() : rules.stepSize();
        BigDecimal roundedQuantity = step == null ? quantity : roundDown(quantity, step);
        if (roundedPrice.signum() <= 0) {
            return new Checked(roundedPrice, roundedQuantity, "price " + price.toPlainString() + " rounds to zero at tick " + tick.toPlainString());
        }
        if (roundedQuantity.signum() <= 0) {
            return new Checked(roundedPrice, roundedQuantity, "quantity " + quantity.toPlainString() + " rounds to zero at step " + step.toPlainString());
        }
        if (rules.minQty() != null && roundedQuantity.compareTo(rules.minQty()) < 0) {
            return new Checked(roundedPrice, roundedQuantity, "quantity " + roundedQuantity.toPlainString() + " is below the minimum "
                    + rules.minQty().toPlainString());
        }
        if (rules.maxQty() != null && roundedQuantity.compareTo(rules.maxQty()) > 0) {
            return new Checked(roundedPrice, roundedQuantity, "quantity " + roundedQuantity.toPlainString() + " is above the maximum "
                    + rules.maxQty().toPlainString());
        }
        boolean notionalApplies = type == OrderType.LIMIT || rules.minNotionalAppliesToMarket();
        BigDecimal notional = roundedPrice.multiply(roundedQuantity);
        if (notionalApplies && rules.minNotional() != null && notional.compareTo(rules.minNotional()) < 0) {
            return new Checked(roundedPrice, roundedQuantity, "notional " + notional.stripTrailingZeros().toPlainString()
                    + " is below the minimum " + rules.minNotional().toPlainString());
        }
        return new Checked(roundedPrice, roundedQuantity, null);
    }

    /** The largest multiple of {@code step} not above {@code value}. */
    public static BigDecimal roundDown(BigDecimal value, BigDecimal step) {
        return value.divide(step, 0, RoundingMode.FLOOR).multiply(step).stripTrailingZeros();
    }

    /** The smallest multiple of {@code step} not below {@code value}. */
    public static BigDecimal roundUp(BigDecimal value, BigDecimal step) {
        return value.divide(step, 0, RoundingMode.CEILING).multiply(step).stripTrailingZeros();
    }
}
