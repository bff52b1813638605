package dev.pyra.core.trading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything Pyra holds for one exchange + pair + timeframe + side: its pyramids, their legs, and
 * the money they made. Owned by the event loop.
 */
public final class PositionGroup {
    final long id;
    final GroupKey key;
    final String venueSymbol;
    final String baseAsset;
    final String quoteAsset;
    final String takeProfitMode;
    final BigDecimal aggregateTpPercent;
    final Instant openedAt;
    final List<Pyramid> pyramids = new ArrayList<>();
    GroupStatus status = GroupStatus.WAITING;
    /** Ticks below this price cannot trigger its take-profit; null when nothing is armed. */
    BigDecimal triggerPrice;
    String closeReason;
    Instant closedAt;
    /** When the risk engine's timer started for this group (its activation condition was first met); null before. */
    Instant riskTimerStartedAt;
    int closeOrders;
    /** Sell orders of a group close still working, by client order id. */
    final List<String> workingCloseOrders = new ArrayList<>();
    /** {@code clientOrderId/tradeId} of every fill applied: a fill reported twice counts once. */
    final Set<String> appliedTrades = new LinkedHashSet<>();

    PositionGroup(long id, GroupKey key, String venueSymbol, String baseAsset, String quoteAsset, String takeProfitMode,
            BigDecimal aggregateTpPercent, Instant openedAt) {
        this.id = id;
        this.key = key;
        this.venueSymbol = venueSymbol;
        this.baseAsset = baseAsset;
        this.quoteAsset = quoteAsset;
        this.takeProfitMode = takeProfitMode;
        this.aggregateTpPercent = aggregateTpPercent;
        this.openedAt = openedAt;
    }

    /** Rebuilds a group from its last snapshot (after a restart). */
    static PositionGroup restore(GroupView view) {
        GroupKey key = new GroupKey(view.exchange(), view.pairKey(), view.timeframe(),
                dev.pyra.api.exchange.Side.valueOf(view.side().toUpperCase(java.util.Locale.ROOT)));
        PositionGroup group = new PositionGroup(view.id(), key, view.symbol(), view.baseAsset(), view.quoteAsset(),
                view.takeProfitMode(), view.aggregateTpPercent(), view.openedAt());
        group.status = GroupStatus.valueOf(view.status().toUpperCase(java.util.Locale.ROOT));
        group.closeReason = view.closeReason();
        group.closedAt = view.closedAt();
        group.riskTimerStartedAt = view.riskTimerStartedAt();
        group.closeOrders = view.closeOrders();
        group.workingCloseOrders.addAll(view.workingCloseOrders());
        group.appliedTrades.addAll(view.appliedTrades());
        for (GroupView.PyramidView p : view.pyramids()) {
            Pyramid pyramid = new Pyramid(p.index(), p.signalId(), p.signalPrice(), p.capital());
            for (GroupView.LegView l : p.legs()) {
                DcaLeg leg = new DcaLeg(l.index(), l.gapPercent(), l.weightPercent(), l.tpPercent());
                leg.state = LegState.valueOf(l.state().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                leg.reason = l.reason();
                leg.buyOrderId = l.buyOrderId();
                leg.buyDone = l.buyDone();
                leg.price = l.price();
                leg.quantity = l.quantity();
                leg.filledQuantity = l.filledQuantity();
                leg.filledQuote = l.filledQuote();
                leg.feeQuote = l.feeQuote();
                leg.feeBase = l.feeBase();
                leg.tpTarget = l.tpTarget();
                leg.soldQuantity = l.soldQuantity();
                leg.sellingQuantity = l.sellingQuantity();
                leg.dust = l.dust();
                leg.costBasis = l.costBasis();
                leg.realizedPnl = l.realizedPnl();
                leg.adjustments = l.adjustments();
                pyramid.legs.add(leg);
            }
            group.pyramids.add(pyramid);
        }
        return group;
    }

    Stream<DcaLeg> legs() {
        return pyramids.stream().flatMap(p -> p.legs.stream());
    }

    // plain loops: these run for every snapshot and take-profit view, a stream per sum allocated more than the sums

    BigDecimal heldQuantity() {
        BigDecimal held = BigDecimal.ZERO;
        for (Pyramid pyramid : pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                held = held.add(leg.heldQuantity());
            }
        }
        return held;
    }

    BigDecimal heldCost() {
        BigDecimal cost = BigDecimal.ZERO;
        for (Pyramid pyramid : pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                cost = cost.add(leg.heldCost());
            }
        }
        return cost;
    }

    /** Average entry over what is held, fees included; null when nothing is held. */
    BigDecimal averageEntry() {
        BigDecimal held = heldQuantity();
        return held.signum() <= 0 ? null : heldCost().divide(held, DcaLeg.MATH);
    }

    BigDecimal realizedPnl() {
        BigDecimal realized = BigDecimal.ZERO;
        for (Pyramid pyramid : pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                realized = realized.add(leg.realizedPnl);
            }
        }
        return realized;
    }

    boolean isOpen() {
        return status != GroupStatus.CLOSED;
    }

    boolean anyBuyWorking() {
        return legs().anyMatch(DcaLeg::buyOrderWorking);
    }
}
