package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery, one room of the engine: open groups rebuilt from their snapshots, and every
 * order that was working asked about on its venue — fills that happened while Pyra was down come
 * back as reports and apply once; an order the venue never received is sent again under the same
 * client order id (if its group still wants it). A snapshot may be a step ahead of the order
 * journal (a crash between the two writes): a buy or sale it counts on that never left is sent
 * now, or for a closing group's buy, cancelled; one whose finish was not journaled yet is asked
 * about. On the event loop, once, before any other event.
 */
final class RecoveryDesk {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");

    /** What the desk needs of the engine. */
    interface Host {
        /** The group changed: its snapshot is journaled when the event ends. */
        void save(PositionGroup group);

        /** The price at which the group's take-profit could act, from its restored legs. */
        BigDecimal triggerPrice(PositionGroup group);
    }

    private final GroupBook book;
    private final OrderDesk orders;
    private final LadderDesk ladder;
    private final GroupCloser closer;
    private final Host host;

    RecoveryDesk(GroupBook book, OrderDesk orders, LadderDesk ladder, GroupCloser closer, Host host) {
        this.book = book;
        this.orders = orders;
        this.ladder = ladder;
        this.closer = closer;
        this.host = host;
    }

    /** @param recorded an order's journal row whatever its status, if it has one */
    void restore(List<GroupView> snapshots, List<TrackedOrder> working, Function<String, Optional<TrackedOrder>> recorded) {
        for (GroupView snapshot : snapshots) {
            PositionGroup group = PositionGroup.restore(snapshot);
            book.restored(group);
            if (group.isOpen()) {
                group.triggerPrice = host.triggerPrice(group);
            }
        }
        List<TrackedOrder> toRecover = new ArrayList<>();
        for (TrackedOrder order : working) {
            PositionGroup group = book.get(order.groupId);
            if (group == null) {
                // cannot happen while snapshots are journaled before their orders; say so loudly if it does
                log.error("Order {} belongs to no known open group {}: check it on {} by hand", order.request.clientOrderId(),
                        order.groupId, order.venue);
                continue;
            }
            if (order.purpose != OrderPurpose.BUY && !group.sales.containsKey(order.request.clientOrderId())) {
                adoptSale(group, order); // a snapshot from before sales were kept per order
            }
            toRecover.add(order);
        }
        working.forEach(o -> {
            if (book.get(o.groupId) != null) {
                orders.track(o);
            }
        });
        for (PositionGroup group : book.all()) {
            if (group.isOpen()) {
                toRecover.addAll(catchUp(group, recorded));
            }
        }
        toRecover.forEach(orders::recover);
        for (PositionGroup group : List.copyOf(book.open())) {
            closer.continueClosing(group); // a closing group with nothing working sells or closes now
        }
        if (!snapshots.isEmpty()) {
            log.info("Restored {} open position group(s), reconciling {} order(s) with the venues", snapshots.size(), toRecover.size());
        }
    }

    /** Orders the group's snapshot counts on that the journal does not list as working. */
    private List<TrackedOrder> catchUp(PositionGroup group, Function<String, Optional<TrackedOrder>> recorded) {
        List<TrackedOrder> recover = new ArrayList<>();
        for (Pyramid pyramid : group.pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                if (!leg.buyOrderWorking() || orders.knows(leg.buyOrderId)) {
                    continue;
                }
                Optional<TrackedOrder> row = recorded.apply(leg.buyOrderId);
                if (row.isPresent()) {
                    orders.track(row.get()); // finished, but the snapshot did not learn it: the venue says how
                    recover.add(row.get());
                } else if (group.status == GroupStatus.CLOSING) {
                    leg.buyDone = true;
                    leg.state = leg.filledQuantity.signum() > 0 ? LegState.TP_OPEN : LegState.CANCELLED;
                    leg.reason = "group closed before its buy was sent";
                    host.save(group);
                } else {
                    log.warn("Group {} leg {}/{}: buy {} never left before the stop; sending it now", group.id, pyramid.index,
                            leg.index, leg.buyOrderId);
                    ladder.sendBuy(group, pyramid, leg, leg.buyType != null ? leg.buyType : leg.index == 0 ? OrderType.MARKET : OrderType.LIMIT);
                }
            }
        }
        for (SetAside sale : List.copyOf(group.sales.values())) {
            if (orders.knows(sale.orderId)) {
                continue;
            }
            Optional<TrackedOrder> row = recorded.apply(sale.orderId);
            if (row.isPresent()) {
                orders.track(row.get());
                recover.add(row.get());
            } else {
                log.warn("Group {}: sale {} never left before the stop; its quantity is free again", group.id, sale.orderId);
                group.release(sale.orderId);
                host.save(group);
            }
        }
        return recover;
    }

    /** A sell order restored without its set-aside parts (older snapshot): it takes what its leg, or the legs, set aside. */
    private void adoptSale(PositionGroup group, TrackedOrder order) {
        SetAside sale = new SetAside(order.request.clientOrderId(), order.purpose);
        BigDecimal left = order.request.quantity();
        for (Pyramid pyramid : group.pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                boolean mine = order.purpose == OrderPurpose.CLOSE || (pyramid.index == order.pyramid && leg.index == order.leg);
                BigDecimal claimed = BigDecimal.ZERO;
                for (SetAside other : group.sales.values()) {
                    for (SetAside.Part part : other.parts) {
                        if (part.pyramid == pyramid.index && part.leg == leg.index) {
                            claimed = claimed.add(part.quantity);
                        }
                    }
                }
                BigDecimal part = leg.sellingQuantity.subtract(claimed).min(left);
                if (mine && part.signum() > 0) {
                    sale.parts.add(new SetAside.Part(pyramid.index, leg.index, part));
                    left = left.subtract(part);
                }
            }
        }
        group.sales.put(sale.orderId, sale);
    }
}
