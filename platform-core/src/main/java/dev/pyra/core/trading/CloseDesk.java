package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.Side;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SellPlan;
import dev.pyra.core.precision.SymbolRulesSource;
import java.math.BigDecimal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing by decision, one room of the engine: a group closed by hand or by the risk engine (the
 * close protocol, {@link GroupCloser}, takes it from there), and partial closes — part of a live
 * group sold at market while it keeps its pool slot. On the event loop.
 */
final class CloseDesk {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");
    private static final Logger precisionLog = LoggerFactory.getLogger("pyra.precision");

    /** What the desk needs of the engine. */
    interface Host {
        /** Sent when the current event ends, after the group's snapshot. */
        void send(PositionGroup group, TrackedOrder order);

        /** The group changed: its snapshot is journaled when the event ends. */
        void save(PositionGroup group);
    }

    private final GroupBook book;
    private final SymbolRulesSource rules;
    private final PrecisionEngine precision;
    private final GroupCloser closer;
    private final Host host;

    CloseDesk(GroupBook book, SymbolRulesSource rules, PrecisionEngine precision, GroupCloser closer, Host host) {
        this.book = book;
        this.rules = rules;
        this.precision = precision;
        this.closer = closer;
        this.host = host;
    }

    /** Closes a group by hand ({@code POST /api/v1/groups/{id}/close}): empty when there is no such group, else what was done. */
    Optional<String> closeByHand(long groupId) {
        PositionGroup group = book.get(groupId);
        if (group == null) {
            return Optional.empty();
        }
        if (group.status == GroupStatus.CLOSED || group.status == GroupStatus.CLOSING) {
            return Optional.of("group " + groupId + " is already " + group.status.label());
        }
        closeInFull(group, "closed by hand");
        return Optional.of("closing group " + groupId);
    }

    void closeInFull(PositionGroup group, String reason) {
        closer.start(group, reason);
        host.save(group);
    }

    /**
     * Sells part of a group at market — about {@code quoteAmount} worth at the last price — and
     * keeps it open: it keeps its pool slot. Empty when there is no such group.
     */
    Optional<PartialClose> partialClose(long groupId, BigDecimal quoteAmount, String reason) {
        PositionGroup group = book.get(groupId);
        if (group == null) {
            return Optional.empty();
        }
        BigDecimal last = book.lastPrice(group);
        if (last == null) {
            return Optional.of(new PartialClose(false, "no market price for " + group.venueSymbol + " yet"));
        }
        return Optional.of(sellPartOf(group, quoteAmount.divide(last, DcaLeg.MATH), reason));
    }

    /**
     * Sells {@code wanted} of a live group, planned so that what remains stays sellable; if it
     * would not, the whole group is closed instead. A manual partial close and the risk engine's
     * offsets both come here.
     */
    PartialClose sellPartOf(PositionGroup group, BigDecimal wanted, String reason) {
        long groupId = group.id;
        if (group.status != GroupStatus.LIVE) {
            return new PartialClose(false, "group " + groupId + " is " + group.status.label() + ", not live");
        }
        if (group.anySaleInFlight()) {
            return new PartialClose(false, "group " + groupId + " has a sale in flight; retry when it is done");
        }
        BigDecimal last = book.lastPrice(group);
        SymbolRulesSource.Lookup symbol = rules.find(group.key.exchange(), group.venueSymbol);
        if (last == null || symbol.rules() == null) {
            return new PartialClose(false, last == null ? "no market price for " + group.venueSymbol + " yet" : symbol.problem());
        }
        BigDecimal free = group.legs().map(DcaLeg::freeQuantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        SellPlan plan = precision.planSell(symbol.rules(), free, wanted, last);
        if (plan.order().blocked()) {
            return new PartialClose(false, "cannot sell " + group.baseAsset + " of group " + groupId + ": " + plan.order().blockedReason());
        }
        if (plan.everything()) {
            String why = plan.why() == null ? "the amount covers everything it holds" : plan.why();
            precisionLog.warn("Group {} partial close ({}) sells everything: {}", groupId, reason, why);
            closeInFull(group, reason + ", whole group: " + why);
            return new PartialClose(true, "closing group " + groupId + " in full: " + why);
        }
        BigDecimal quantity = plan.order().quantity();
        String id = TrackedOrder.clientOrderId(group.id, 0, 0, OrderPurpose.CLOSE, group.closeOrders++);
        group.setAsideAcross(id, quantity);
        host.send(group, new TrackedOrder(group.key.exchange(), group.id, 0, 0, OrderPurpose.CLOSE,
                OrderRequest.market(id, group.venueSymbol, Side.SELL, quantity)));
        log.info("Group {} partial close ({}): selling {} {} at market", groupId, reason, quantity.toPlainString(), group.baseAsset);
        return new PartialClose(true, "selling " + quantity.toPlainString() + " " + group.baseAsset + " of group " + groupId
                + " (about " + plan.order().notional().toPlainString() + " " + group.quoteAsset + "); it stays open");
    }
}
