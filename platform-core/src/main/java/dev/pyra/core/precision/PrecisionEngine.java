package dev.pyra.core.precision;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every order passes here before it leaves, so the venue never rejects it for precision.
 *
 * <p>Rounding never works against the trader: quantities round down to the step (never spend or
 * sell more than allotted); buy prices round down and sell prices up to the tick (never a worse
 * price than planned); nothing carries more decimals than the venue accepts. A buy left below the
 * venue's minimum quantity or notional is raised to it when the pyramid's capital (plus a
 * tolerance) allows and the policy says so, otherwise skipped. Missing rules or a halted symbol
 * block the order: Pyra never guesses.
 */
public final class PrecisionEngine {
    private static final MathContext MATH = MathContext.DECIMAL128;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** How a buy below the venue's minimums is handled. */
    public record Policy(BelowMinimum belowMinimum, BigDecimal raiseTolerancePercent) {
        public static final Policy DEFAULT = new Policy(BelowMinimum.RAISE, new BigDecimal("10"));
    }

    private final Supplier<Policy> policy;

    public PrecisionEngine(Supplier<Policy> policy) {
        this.policy = policy;
    }

    /**
     * The most notional a buy may be raised to: its pyramid's capital plus the tolerance, less what
     * the pyramid's other legs spend or plan to spend; null when the policy never raises.
     */
    public BigDecimal raiseLimit(BigDecimal pyramidCapital, BigDecimal otherLegsNotional) {
        Policy current = policy.get();
        if (current.belowMinimum() != BelowMinimum.RAISE) {
            return null;
        }
        BigDecimal allowed = pyramidCapital.multiply(BigDecimal.ONE.add(current.raiseTolerancePercent().divide(HUNDRED, MATH)));
        return allowed.subtract(otherLegsNotional).max(BigDecimal.ZERO);
    }

    /**
     * A DCA leg's buy: its {@code weightPercent} of the pyramid's capital at {@code price}, raised
     * to the venue's minimums only within what the capital (plus the tolerance) leaves after the
     * pyramid's other legs.
     */
    public PreparedOrder sizeLeg(SymbolRules rules, OrderType type, BigDecimal price, BigDecimal capital, BigDecimal weightPercent,
            BigDecimal otherLegsNotional) {
        BigDecimal budget = capital.multiply(weightPercent).divide(HUNDRED, MATH);
        BigDecimal quantity = budget.divide(price, MATH);
        return prepareBuy(rules, type, price, quantity, raiseLimit(capital, otherLegsNotional));
    }

    /** A buy: below the minimums it is raised up to {@code raiseLimit} notional (null: never raised). */
    public PreparedOrder prepareBuy(SymbolRules rules, OrderType type, BigDecimal price, BigDecimal quantity, BigDecimal raiseLimit) {
        return prepare(rules, Side.BUY, type, price, quantity, raiseLimit);
    }

    /** An order as it may be sent; nothing is raised. */
    public PreparedOrder prepare(SymbolRules rules, Side side, OrderType type, BigDecimal price, BigDecimal quantity) {
        return prepare(rules, side, type, price, quantity, null);
    }

    private PreparedOrder prepare(SymbolRules rules, Side side, OrderType type, BigDecimal price, BigDecimal quantity, BigDecimal raiseLimit) {
        List<Adjustment> adjustments = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (rules == null) {
            problems.add("no symbol rules for this symbol: refusing to guess");
            return new PreparedOrder(price, quantity, notional(price, quantity), adjustments, problems);
        }
        if (!rules.trading()) {
            problems.add(rules.symbol() + " is not trading on the venue (halted)");
        }
        if (price == null || price.signum() <= 0) {
            problems.add("no usable price to size or check the order against");
            return new PreparedOrder(price, quantity, null, adjustments, problems);
        }
        if (quantity == null || quantity.signum() <= 0) {
            problems.add("no quantity to send: " + (quantity == null ? "none" : quantity.toPlainString()));
            return new PreparedOrder(price, quantity, null, adjustments, problems);
        }
        BigDecimal sentPrice = type == OrderType.LIMIT ? roundPrice(rules, side, price, adjustments, problems) : plain(price);
        if (sentPrice.signum() <= 0) {
            // a price below one tick rounds to zero (roundPrice said so): nothing can be sized against it (PrecisionFuzzTest)
            if (problems.isEmpty()) {
                problems.add("price " + price.toPlainString() + " rounds to zero at the tick " + rules.tickSize().toPlainString());
            }
            return new PreparedOrder(sentPrice, quantity, null, adjustments, problems);
        }
        BigDecimal step = rules.stepFor(type);
        BigDecimal sentQuantity = roundQuantity(rules, step, quantity, adjustments);
        boolean notionalApplies = type == OrderType.LIMIT || rules.minNotionalAppliesToMarket();
        BigDecimal minQty = rules.minQtyFor(type);
        BigDecimal minNotional = notionalApplies ? rules.minNotional() : null;
        String shortfall = shortfall(sentQuantity, sentPrice, minQty, minNotional);
        if (shortfall != null) {
            BigDecimal raised = raiseLimit == null ? null : smallestAllowed(sentPrice, step, minQty, minNotional);
            if (raised != null && notional(sentPrice, raised).compareTo(raiseLimit) <= 0) {
                adjustments.add(new Adjustment("quantity", sentQuantity.toPlainString(), raised.toPlainString(),
                        "raised to the venue's minimum (" + shortfall + ")"));
                sentQuantity = raised;
            } else if (raised != null) {
                problems.add(shortfall + "; raising it to " + raised.toPlainString() + " would spend "
                        + plain(notional(sentPrice, raised)).toPlainString() + ", over what the pyramid's capital and the tolerance allow ("
                        + plain(raiseLimit.setScale(8, RoundingMode.DOWN)).toPlainString() + "): leg skipped");
            } else {
                problems.add(shortfall);
            }
        }
        BigDecimal maxQty = rules.maxQtyFor(type);
        if (maxQty != null && sentQuantity.compareTo(maxQty) > 0) {
            problems.add("quantity " + sentQuantity.toPlainString() + " is above the venue's maximum " + maxQty.toPlainString());
        }
        BigDecimal notional = notional(sentPrice, sentQuantity);
        if (rules.maxNotional() != null && notional.compareTo(rules.maxNotional()) > 0) {
            problems.add("notional " + notional.toPlainString() + " is above the venue's maximum " + rules.maxNotional().toPlainString());
        }
        return new PreparedOrder(sentPrice, sentQuantity, notional, adjustments, problems);
    }

    /**
     * A sell of {@code wanted} out of {@code held}, planned so that what remains stays sellable at
     * {@code price}: if the remainder would fall below the venue's minimums, everything is sold
     * instead; if {@code wanted} itself is below them, it is raised to the smallest sellable part.
     */
    public SellPlan planSell(SymbolRules rules, BigDecimal held, BigDecimal wanted, BigDecimal price) {
        PreparedOrder all = prepare(rules, Side.SELL, OrderType.MARKET, price, held);
        if (wanted.compareTo(held) >= 0) {
            return new SellPlan(all, true, null);
        }
        PreparedOrder part = prepare(rules, Side.SELL, OrderType.MARKET, price, wanted);
        BigDecimal minNotional = rules != null && rules.minNotionalAppliesToMarket() ? rules.minNotional() : null;
        // a part is priced here but filled a moment later: one that only just meets the minimum
        // notional is refused if the price dips meanwhile, so it keeps a margin above it
        BigDecimal safeNotional = minNotional == null ? null : minNotional.multiply(PART_NOTIONAL_MARGIN);
        boolean thin = !part.blocked() && safeNotional != null && part.notional() != null && part.notional().compareTo(safeNotional) < 0;
        if ((part.blocked() || thin) && rules != null && rules.trading() && price != null && price.signum() > 0) {
            BigDecimal step = rules.stepFor(OrderType.MARKET);
            BigDecimal smallest = smallestAllowed(plain(price), step, rules.minQtyFor(OrderType.MARKET), safeNotional);
            if (smallest != null && smallest.compareTo(held) <= 0) {
                PreparedOrder raised = prepare(rules, Side.SELL, OrderType.MARKET, price, smallest);
                if (!raised.blocked()) {
                    part = new PreparedOrder(raised.price(), raised.quantity(), raised.notional(), List.of(new Adjustment("quantity",
                            readable(wanted), raised.quantity().toPlainString(),
                            thin ? "raised to keep 5 % above the venue's minimum notional (the price may dip before it fills)"
                                    : "raised to the smallest part the venue accepts")), List.of());
                }
            }
        }
        if (part.blocked()) {
            return new SellPlan(all, true, "the part asked for cannot be sold on its own (" + part.blockedReason() + ")");
        }
        BigDecimal remainder = held.subtract(part.quantity());
        if (remainder.signum() > 0) {
            PreparedOrder rest = prepare(rules, Side.SELL, OrderType.MARKET, price, remainder);
            if (rest.blocked()) {
                return new SellPlan(all, true, "the remainder " + plain(remainder).toPlainString()
                        + " could not be sold later (" + rest.blockedReason() + ")");
            }
        }
        return new SellPlan(part, false, null);
    }

    private static BigDecimal roundPrice(SymbolRules rules, Side side, BigDecimal price, List<Adjustment> adjustments, List<String> problems) {
        RoundingMode mode = side == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING;
        BigDecimal rounded = price;
        String why = null;
        if (rules.tickSize() != null) {
            rounded = onGrid(price, rules.tickSize(), mode);
            why = (side == Side.BUY ? "rounded down" : "rounded up") + " to the tick " + rules.tickSize().toPlainString();
        }
        if (rules.priceDecimals() != null && rounded.stripTrailingZeros().scale() > rules.priceDecimals()) {
            rounded = rounded.setScale(rules.priceDecimals(), mode);
            why = (side == Side.BUY ? "rounded down" : "rounded up") + " to " + rules.priceDecimals() + " decimals";
        }
        rounded = plain(rounded);
        if (rounded.compareTo(price) != 0) {
            adjustments.add(new Adjustment("price", readable(price), rounded.toPlainString(), why));
        }
        if (rounded.signum() <= 0) {
            problems.add("price " + plain(price).toPlainString() + " rounds to zero at the tick " + rules.tickSize().toPlainString());
        } else if (rules.minPrice() != null && rounded.compareTo(rules.minPrice()) < 0) {
            problems.add("price " + rounded.toPlainString() + " is below the venue's minimum " + rules.minPrice().toPlainString());
        } else if (rules.maxPrice() != null && rounded.compareTo(rules.maxPrice()) > 0) {
            problems.add("price " + rounded.toPlainString() + " is above the venue's maximum " + rules.maxPrice().toPlainString());
        }
        return rounded;
    }

    private static BigDecimal roundQuantity(SymbolRules rules, BigDecimal step, BigDecimal quantity, List<Adjustment> adjustments) {
        BigDecimal rounded = quantity;
        String why = null;
        if (step != null) {
            rounded = onGrid(quantity, step, RoundingMode.FLOOR);
            why = "rounded down to the step " + step.toPlainString();
        }
        if (rules.quantityDecimals() != null && rounded.stripTrailingZeros().scale() > rules.quantityDecimals()) {
            rounded = rounded.setScale(rules.quantityDecimals(), RoundingMode.FLOOR);
            why = "rounded down to " + rules.quantityDecimals() + " decimals";
        }
        rounded = plain(rounded);
        if (rounded.compareTo(quantity) != 0) {
            adjustments.add(new Adjustment("quantity", readable(quantity), rounded.toPlainString(), why));
        }
        return rounded;
    }

    /** What the order lacks to meet the minimums, or null. */
    private static String shortfall(BigDecimal quantity, BigDecimal price, BigDecimal minQty, BigDecimal minNotional) {
        if (quantity.signum() <= 0) {
            return "quantity rounds to zero";
        }
        if (minQty != null && quantity.compareTo(minQty) < 0) {
            return "quantity " + quantity.toPlainString() + " is below the venue's minimum " + minQty.toPlainString();
        }
        BigDecimal notional = notional(price, quantity);
        if (minNotional != null && notional.compareTo(minNotional) < 0) {
            return "notional " + notional.toPlainString() + " is below the venue's minimum " + minNotional.toPlainString();
        }
        return null;
    }

    /** The smallest quantity on the step grid meeting both minimums; null when there is none to meet. */
    /** A part sold at market keeps 5 % above the venue's minimum notional (see {@link #planSell}). */
    static final BigDecimal PART_NOTIONAL_MARGIN = new BigDecimal("1.05");

    private static BigDecimal smallestAllowed(BigDecimal price, BigDecimal step, BigDecimal minQty, BigDecimal minNotional) {
        if (price == null || price.signum() <= 0) {
            return null;
        }
        BigDecimal needed = minQty == null ? BigDecimal.ZERO : minQty;
        if (minNotional != null) {
            needed = needed.max(minNotional.divide(price, MATH));
        }
        if (needed.signum() <= 0) {
            needed = step == null ? null : step;
        }
        if (needed == null) {
            return null;
        }
        return plain(step == null ? needed : onGrid(needed, step, RoundingMode.CEILING));
    }

    /** The multiple of {@code step} next to {@code value} in the direction of {@code mode}. */
    public static BigDecimal onGrid(BigDecimal value, BigDecimal step, RoundingMode mode) {
        return plain(value.divide(step, 0, mode).multiply(step));
    }

    /** A value asked for, as shown in an adjustment: 12 significant digits (a capital's share divided by a price has 34). */
    private static String readable(BigDecimal value) {
        return plain(value.round(new MathContext(12, RoundingMode.HALF_EVEN))).toPlainString();
    }

    /** No trailing zeros and no exponent: {@code 1E+3} becomes {@code 1000}, {@code 0.0100} becomes {@code 0.01}. */
    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal notional(BigDecimal price, BigDecimal quantity) {
        return price == null || quantity == null ? null : plain(price.multiply(quantity));
    }
}
