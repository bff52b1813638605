package dev.pyra.core.trading;

import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.precision.SymbolRulesSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A position group as the journal, the API and the web app see it: an immutable {@link GroupView}
 * with its pyramids, legs and the figures derived from them at the last price. On the event loop.
 */
final class GroupViews {
    private final GroupBook book;
    private final SymbolRulesSource rules;

    GroupViews(GroupBook book, SymbolRulesSource rules) {
        this.book = book;
        this.rules = rules;
    }

    GroupView of(PositionGroup group) {
        SymbolBook symbol = book.symbol(group);
        BigDecimal last = symbol.lastPrice;
        SymbolRules steps = rules.find(group.key.exchange(), group.venueSymbol).rules();
        List<GroupView.PyramidView> pyramids = new ArrayList<>();
        int filled = 0;
        int total = 0;
        for (Pyramid pyramid : group.pyramids) {
            List<GroupView.LegView> legs = new ArrayList<>();
            for (DcaLeg leg : pyramid.legs) {
                total++;
                if (leg.filledQuantity.signum() > 0) {
                    filled++;
                }
                legs.add(new GroupView.LegView(leg.index, leg.state.label(), leg.reason, leg.gapPercent, leg.weightPercent,
                        leg.tpPercent, leg.buyOrderId, leg.buyDone, leg.price, leg.quantity, leg.filledQuantity, leg.filledQuote,
                        money(leg.averageFillPrice()), leg.feeQuote, leg.feeBase, leg.tpTarget, leg.soldQuantity, leg.sellingQuantity,
                        leg.dust, leg.costBasis, leg.realizedPnl, leg.adjustments,
                        leg.buyType == null ? null : leg.buyType.name().toLowerCase(Locale.ROOT), leg.takeProfitOrders));
            }
            pyramids.add(new GroupView.PyramidView(pyramid.index, pyramid.signalId, pyramid.signalPrice, pyramid.capital, legs));
        }
        // the group's sums once, not once per figure: a view is built for every snapshot
        BigDecimal held = group.heldQuantity();
        BigDecimal heldCost = group.heldCost();
        BigDecimal average = held.signum() <= 0 ? null : heldCost.divide(held, DcaLeg.MATH);
        BigDecimal unrealized = last == null ? BigDecimal.ZERO : last.multiply(held).subtract(heldCost);
        BigDecimal aggregateTarget = average == null ? null
                : average.multiply(BigDecimal.ONE.add(group.aggregateTpPercent.movePointLeft(2)), DcaLeg.MATH);
        return new GroupView(group.id, group.key.exchange(), group.venueSymbol, group.key.pairKey(), group.key.timeframe(),
                group.key.side().name().toLowerCase(Locale.ROOT), group.status.label(), group.baseAsset, group.quoteAsset,
                group.takeProfitMode, group.aggregateTpPercent,
                money(aggregateTarget), money(average), held, last, money(group.realizedPnl()),
                money(unrealized), filled, total, group.openedAt, group.closedAt, group.closeReason,
                group.riskTimerStartedAt, group.closeOrders, group.workingCloseOrders(), List.copyOf(group.appliedTrades), pyramids,
                group.closingSince, group.closeProblem, group.sales.values().stream().map(SetAside::view).toList(),
                symbol.lastPriceAt, steps == null ? null : steps.tickSize(), steps == null ? null : steps.stepSize());
    }

    /** Shown with 12 decimals at most: exact sums stay exact, divisions are cut for reading. */
    static BigDecimal money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal scaled = value.scale() > 12 ? value.setScale(12, RoundingMode.HALF_EVEN) : value;
        return scaled.stripTrailingZeros();
    }
}
