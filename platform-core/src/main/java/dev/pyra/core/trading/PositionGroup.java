package dev.pyra.core.trading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** The status the pool's live view last showed (in memory only). */
    GroupStatus shownStatus;
    /** Ticks below this price cannot trigger its take-profit; null when nothing is armed. */
    BigDecimal triggerPrice;
    String closeReason;
    Instant closedAt;
    /** When the risk engine's timer started for this group (its activation condition was first met); null before. */
    Instant riskTimerStartedAt;
    int closeOrders;
    /** Sell orders in flight, by client order id, each with what it set aside from which legs. */
    final Map<String, SetAside> sales = new LinkedHashMap<>();
    /** When it started closing: a group closing longer than {@code engine.closingTimeoutSeconds} is reconciled. */
    Instant closingSince;
    /** What reconciling a close that took too long could not resolve; null while nothing is wrong. */
    String closeProblem;
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
        group.closingSince = view.closingSince();
        group.closeProblem = view.closeProblem();
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
                leg.buyType = l.buyType() == null ? null : dev.pyra.api.exchange.OrderType.valueOf(l.buyType().toUpperCase(java.util.Locale.ROOT));
                leg.takeProfitOrders = l.takeProfitOrders() == null ? 0 : l.takeProfitOrders();
                pyramid.legs.add(leg);
            }
            group.pyramids.add(pyramid);
        }
        if (view.sales() != null) {
            view.sales().forEach(sale -> group.sales.put(sale.orderId(), SetAside.restore(sale)));
        }
        return group;
    }

    DcaLeg leg(int pyramid, int leg) {
        return pyramids.get(pyramid).legs.get(leg);
    }

    // ---- sales in flight -------------------------------------------------------------------------

    /** A leg's own sale (its take-profit) takes {@code quantity} of what the leg holds free. */
    void setAside(String orderId, OrderPurpose purpose, int pyramid, DcaLeg leg, BigDecimal quantity) {
        SetAside sale = new SetAside(orderId, purpose);
        sale.parts.add(new SetAside.Part(pyramid, leg.index, quantity));
        leg.sellingQuantity = leg.sellingQuantity.add(quantity);
        sales.put(orderId, sale);
    }

    /** A group sale takes {@code quantity} out of the legs' free quantities, in ladder order. */
    void setAsideAcross(String orderId, BigDecimal quantity) {
        SetAside sale = new SetAside(orderId, OrderPurpose.CLOSE);
        BigDecimal left = quantity;
        for (Pyramid pyramid : pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                BigDecimal part = leg.freeQuantity().min(left);
                if (part.signum() > 0) {
                    sale.parts.add(new SetAside.Part(pyramid.index, leg.index, part));
                    leg.sellingQuantity = leg.sellingQuantity.add(part);
                    left = left.subtract(part);
                }
            }
        }
        sales.put(orderId, sale);
    }

    /** One leg's share of a sale's fill. */
    record Credit(DcaLeg leg, BigDecimal quantity) {}

    /**
     * Shares a fill of sale {@code orderId} out over the parts that sale set aside, in order, and
     * takes it out of them. More than the sale set aside (a venue overfilling, never seen) is
     * credited to nobody and answered as the rest, for the caller to report.
     */
    List<Credit> credit(String orderId, BigDecimal quantity) {
        SetAside sale = sales.get(orderId);
        List<Credit> credits = new ArrayList<>();
        if (sale == null) {
            return credits;
        }
        BigDecimal left = quantity;
        for (SetAside.Part part : sale.parts) {
            BigDecimal share = part.quantity.min(left);
            if (share.signum() > 0) {
                DcaLeg leg = leg(part.pyramid, part.leg);
                part.quantity = part.quantity.subtract(share);
                leg.sellingQuantity = leg.sellingQuantity.subtract(share);
                credits.add(new Credit(leg, share));
                left = left.subtract(share);
            }
        }
        return credits;
    }

    /** The sale is finished: what it did not sell is free again. */
    void release(String orderId) {
        SetAside sale = sales.remove(orderId);
        if (sale == null) {
            return;
        }
        for (SetAside.Part part : sale.parts) {
            DcaLeg leg = leg(part.pyramid, part.leg);
            leg.sellingQuantity = leg.sellingQuantity.subtract(part.quantity).max(BigDecimal.ZERO);
        }
    }

    boolean anySaleInFlight() {
        return !sales.isEmpty();
    }

    boolean closeSaleInFlight() {
        for (SetAside sale : sales.values()) {
            if (sale.purpose == OrderPurpose.CLOSE) {
                return true;
            }
        }
        return false;
    }

    /** The client order ids of the group sales (close, partial close) in flight. */
    List<String> workingCloseOrders() {
        List<String> ids = new ArrayList<>();
        for (SetAside sale : sales.values()) {
            if (sale.purpose == OrderPurpose.CLOSE) {
                ids.add(sale.orderId);
            }
        }
        return ids;
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
