package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.precision.Adjustment;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.PreparedOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One pyramid's ladder as the engine would place it, for the settings page: each leg priced and
 * sized through the precision engine against the venue's real rules, its take-profit from the
 * price it would fill at, and the average entry after each fill. The entry is assumed to fill at
 * the sample price and every leg at its limit; fees are left out.
 */
public final class LadderPreview {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @param status {@code ok}, {@code adjusted} (sent with the adjustments listed) or {@code blocked} (never sent: see problems)
     * @param plannedPrice the price before the venue's tick rounding
     * @param averageEntryAfter the pyramid's average entry once this leg and every one above it filled
     * @param committedAfter the quote spent once this leg and every one above it filled
     */
    public record Leg(int index, BigDecimal gapPercent, BigDecimal weightPercent, BigDecimal tpPercent, String type, BigDecimal plannedPrice,
            BigDecimal price, BigDecimal quantity, BigDecimal notional, BigDecimal takeProfit, BigDecimal averageEntryAfter,
            BigDecimal committedAfter, String status, List<Adjustment> adjustments, List<String> problems) {}

    /**
     * @param committed what one pyramid spends when every leg that can be sent filled
     * @param maxCommitted {@code committed} × the pyramids a group may hold: a group's most capital at risk
     * @param aggregateTarget the group's take-profit on its average entry (aggregate and hybrid modes)
     */
    public record Plan(String exchange, String symbol, BigDecimal price, BigDecimal capitalPerPyramid, int maxPyramids, String takeProfitMode,
            BigDecimal aggregatePercent, List<Leg> legs, BigDecimal committed, BigDecimal maxCommitted, BigDecimal averageEntry,
            BigDecimal aggregateTarget, SymbolRules rules) {}

    private LadderPreview() {}

    public static Plan plan(String exchange, SymbolRules rules, BigDecimal price, PyraConfig.Engine engine, PrecisionEngine precision) {
        List<PyraConfig.Layer> layers = engine.layers();
        BigDecimal capital = engine.capitalPerPyramid();
        PreparedOrder[] sized = new PreparedOrder[layers.size()];
        List<Leg> legs = new ArrayList<>();
        BigDecimal quantityFilled = BigDecimal.ZERO;
        BigDecimal quoteFilled = BigDecimal.ZERO;
        BigDecimal entryFill = null;
        for (int i = 0; i < layers.size(); i++) {
            PyraConfig.Layer layer = layers.get(i);
            OrderType type = i == 0 && engine.entryOrder().equals("market") ? OrderType.MARKET : OrderType.LIMIT;
            BigDecimal planned = i == 0 ? price : entryFill == null ? null : Ladder.restingPrice(entryFill, layer.gapPercent());
            if (planned == null) {
                legs.add(new Leg(i, layer.gapPercent(), layer.weightPercent(), layer.tpPercent(), "limit", null, null, null, null, null, null,
                        null, "blocked", List.of(), List.of("the entry cannot be sent, so the ladder is never placed")));
                continue;
            }
            PreparedOrder order = precision.sizeLeg(rules, type, planned, capital, layer.weightPercent(), othersNotional(sized, layers, capital, i));
            sized[i] = order;
            BigDecimal takeProfit = null;
            if (!order.blocked()) {
                quantityFilled = quantityFilled.add(order.quantity());
                quoteFilled = quoteFilled.add(order.notional());
                takeProfit = Ladder.takeProfitTarget(order.price(), layer.tpPercent(), rules == null ? null : rules.tickSize());
                if (i == 0) {
                    entryFill = order.price();
                }
            }
            BigDecimal average = quantityFilled.signum() == 0 ? null : quoteFilled.divide(quantityFilled, DcaLeg.MATH);
            legs.add(new Leg(i, layer.gapPercent(), layer.weightPercent(), layer.tpPercent(), type.name().toLowerCase(java.util.Locale.ROOT),
                    planned.stripTrailingZeros(), order.price(), order.quantity(), plain(order.notional()), takeProfit, price(average, rules),
                    plain(quoteFilled), order.blocked() ? "blocked" : order.adjustments().isEmpty() ? "ok" : "adjusted", order.adjustments(),
                    order.problems()));
        }
        BigDecimal average = quantityFilled.signum() == 0 ? null : quoteFilled.divide(quantityFilled, DcaLeg.MATH);
        BigDecimal aggregatePercent = engine.takeProfit().aggregatePercent();
        BigDecimal aggregateTarget = average == null || aggregatePercent == null ? null
                : Ladder.takeProfitTarget(average, aggregatePercent, rules == null ? null : rules.tickSize());
        return new Plan(exchange, rules == null ? null : rules.symbol(), price, capital, engine.maxPyramids(), engine.takeProfit().mode(),
                aggregatePercent, legs, plain(quoteFilled), plain(quoteFilled.multiply(BigDecimal.valueOf(engine.maxPyramids()))),
                price(average, rules), aggregateTarget, rules);
    }

    /** As the engine counts them when it sizes a leg: sized legs at their notional, the others at their share of the capital. */
    private static BigDecimal othersNotional(PreparedOrder[] sized, List<PyraConfig.Layer> layers, BigDecimal capital, int self) {
        BigDecimal others = BigDecimal.ZERO;
        for (int j = 0; j < layers.size(); j++) {
            if (j == self || (sized[j] != null && sized[j].blocked())) {
                continue;
            }
            others = others.add(sized[j] == null ? capital.multiply(layers.get(j).weightPercent()).divide(HUNDRED)
                    : sized[j].price().multiply(sized[j].quantity()));
        }
        return others;
    }

    /** An average shown at the venue's price precision plus two digits (it is no order price; it need not sit on the tick). */
    private static BigDecimal price(BigDecimal value, SymbolRules rules) {
        if (value == null) {
            return null;
        }
        int scale = rules == null || rules.tickSize() == null ? 8 : Math.max(0, rules.tickSize().stripTrailingZeros().scale()) + 2;
        return value.setScale(scale, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static BigDecimal plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }
}
