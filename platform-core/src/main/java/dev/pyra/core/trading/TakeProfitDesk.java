package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.api.strategy.TakeProfitView;
import dev.pyra.core.logs.Correlation;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.PreparedOrder;
import dev.pyra.core.precision.SellPlan;
import dev.pyra.core.precision.SymbolRulesSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Take-profit, one room of the engine: the price at which a group's mode could act (a tick below
 * it costs nothing) and, once a price reaches it, what the mode sells — some legs at market, or
 * the whole group through the close protocol. On the event loop.
 */
final class TakeProfitDesk {
    private static final Logger precisionLog = LoggerFactory.getLogger("pyra.precision");

    /** What the desk needs of the engine: to send an order (after the group's snapshot) and to save a group. */
    interface Host {
        void send(PositionGroup group, TrackedOrder order);

        void save(PositionGroup group);
    }

    private final Map<String, TakeProfitMode> modes;
    private final SymbolRulesSource rules;
    private final PrecisionEngine precision;
    private final OrderDesk orders;
    private final GroupCloser closer;
    private final Host host;

    TakeProfitDesk(Map<String, TakeProfitMode> modes, SymbolRulesSource rules, PrecisionEngine precision, OrderDesk orders,
            GroupCloser closer, Host host) {
        this.modes = Map.copyOf(modes);
        this.rules = rules;
        this.precision = precision;
        this.orders = orders;
        this.closer = closer;
        this.host = host;
    }

    /** What the take-profit mode sees: the legs holding something not yet being sold, by {@code pyramid-leg} id. */
    private static TakeProfitView takeProfitView(PositionGroup group, Map<String, DcaLeg> byId) {
        List<TakeProfitView.Leg> armed = new ArrayList<>();
        for (Pyramid pyramid : group.pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                if (leg.tpTarget != null && leg.freeQuantity().signum() > 0) {
                    String legId = pyramid.index + "-" + leg.index;
                    armed.add(new TakeProfitView.Leg(legId, leg.freeQuantity(), leg.tpTarget));
                    if (byId != null) {
                        byId.put(legId, leg);
                    }
                }
            }
        }
        return new TakeProfitView(group.averageEntry(), group.aggregateTpPercent, armed);
    }

    /** Null when nothing is armed (no tick needs to look at the group). */
    BigDecimal triggerPrice(PositionGroup group) {
        TakeProfitMode mode = modes.get(group.takeProfitMode);
        if (mode == null || group.status != GroupStatus.LIVE) {
            return null;
        }
        TakeProfitView view = takeProfitView(group, null);
        return view.legs().isEmpty() ? null : mode.triggerPrice(view);
    }

    /**
     * The tick path: a price comparison per group trading the symbol; only a group whose
     * take-profit could act at this price (its trigger price, recomputed when the group changes)
     * has its mode evaluated.
     */
    void priceMoved(List<PositionGroup> groups, BigDecimal price) {
        List<PositionGroup> due = null;
        for (PositionGroup group : groups) {
            if (group.status == GroupStatus.LIVE && group.triggerPrice != null && price.compareTo(group.triggerPrice) >= 0) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(group); // evaluated after the loop: a group that closes leaves the list
            }
        }
        if (due != null) {
            for (PositionGroup group : due) {
                Correlation.group(group.id);
                try {
                    evaluate(group, price);
                } finally {
                    Correlation.clear();
                }
            }
        }
    }

    /** A price reached the group's trigger: its mode decides what to sell (some legs, or the whole group). */
    void evaluate(PositionGroup group, BigDecimal price) {
        TakeProfitMode mode = modes.get(group.takeProfitMode);
        Map<String, DcaLeg> byId = new HashMap<>();
        TakeProfitView view = takeProfitView(group, byId);
        if (mode == null || view.legs().isEmpty()) {
            return;
        }
        TakeProfitDecision decision = mode.evaluate(view, price);
        if (decision.closeAll()) {
            closer.start(group, mode.id() + " take-profit at " + price.toPlainString());
        } else if (!decision.legIds().isEmpty()) {
            for (String legId : decision.legIds()) {
                if (group.status != GroupStatus.LIVE) {
                    break; // a take-profit closed the whole group instead (see sellLeg)
                }
                int dash = legId.indexOf('-');
                sellLeg(group, Integer.parseInt(legId.substring(0, dash)), byId.get(legId), price);
            }
        }
        host.save(group);
    }

    /**
     * A per-leg take-profit: sells the leg's free quantity, unless that would leave the group a
     * remainder the venue could never accept (the {@code Filter failure: NOTIONAL} trap); then the
     * whole group is closed instead, and why is logged.
     */
    private void sellLeg(PositionGroup group, int pyramid, DcaLeg leg, BigDecimal price) {
        SymbolRulesSource.Lookup symbol = rules.find(group.key.exchange(), group.venueSymbol);
        if (symbol.rules() == null) {
            leg.reason = "take-profit blocked: " + symbol.problem();
            precisionLog.warn("Group {} leg {}/{} take-profit not sent: {}", group.id, pyramid, leg.index, symbol.problem());
            return;
        }
        BigDecimal groupFree = group.legs().map(DcaLeg::freeQuantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        SellPlan plan = precision.planSell(symbol.rules(), groupFree, leg.freeQuantity(), price);
        if (plan.everything() && plan.why() != null && !plan.order().blocked() && groupFree.compareTo(leg.freeQuantity()) > 0) {
            precisionLog.warn("Group {} leg {}/{} take-profit: {}; closing the whole group instead", group.id, pyramid, leg.index, plan.why());
            closer.start(group, "take-profit of leg " + pyramid + "/" + leg.index + " would leave an unsellable remainder: " + plan.why());
            return;
        }
        PreparedOrder order = plan.order();
        if (order.blocked() || order.quantity().compareTo(leg.freeQuantity()) > 0) {
            String why = order.blocked() ? order.blockedReason() : "the leg holds less than the venue's smallest sellable part";
            precisionLog.warn("Group {} leg {}/{} take-profit not sent: {}", group.id, pyramid, leg.index, why);
            leg.reason = "take-profit blocked: " + why;
            return;
        }
        String id = TrackedOrder.clientOrderId(group.id, pyramid, leg.index, OrderPurpose.TAKE_PROFIT, nextAttempt(group.id, pyramid, leg));
        group.setAside(id, OrderPurpose.TAKE_PROFIT, pyramid, leg, order.quantity());
        host.send(group, new TrackedOrder(group.key.exchange(), group.id, pyramid, leg.index, OrderPurpose.TAKE_PROFIT,
                OrderRequest.market(id, group.venueSymbol, Side.SELL, order.quantity())));
    }

    /** Counted on the leg (kept in its snapshot), so a restart never reuses the id of a take-profit sent before it. */
    private int nextAttempt(long groupId, int pyramid, DcaLeg leg) {
        int attempt = leg.takeProfitOrders;
        while (orders.knows(TrackedOrder.clientOrderId(groupId, pyramid, leg.index, OrderPurpose.TAKE_PROFIT, attempt))) {
            attempt++;
        }
        leg.takeProfitOrders = attempt + 1;
        return attempt;
    }
}
