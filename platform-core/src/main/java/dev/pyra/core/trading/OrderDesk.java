package dev.pyra.core.trading;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The orders the engine has decided on and not yet seen finished, and the door they leave by.
 * An order decided during an event waits in the outbox until the event ends (after its group's
 * snapshot); until then it can still be withdrawn, and it never leaves. Owned by the event loop.
 */
final class OrderDesk {
    private final Map<String, TrackedOrder> orders = new HashMap<>();
    /** The client order ids of each group's orders, in the order they were decided: a close touches its own, not every order. */
    private final Map<Long, Set<String>> byGroup = new HashMap<>();
    /** Orders the current event decided on: sent when it ends, after their groups' snapshots. */
    private final List<TrackedOrder> outbox = new ArrayList<>();
    private final Clock clock;
    private OrderGateway gateway;

    OrderDesk(Clock clock) {
        this.clock = clock;
    }

    void connect(OrderGateway gateway) {
        this.gateway = gateway;
    }

    /** Tracks the order and sends it when the current event ends. */
    void send(TrackedOrder order) {
        put(order);
        outbox.add(order);
    }

    /** An order restored after a restart, tracked again. */
    void track(TrackedOrder order) {
        put(order);
    }

    /** An order restored after a restart: tracked, and asked about on its venue. */
    void recover(TrackedOrder order) {
        put(order);
        gateway.recover(order);
    }

    private void put(TrackedOrder order) {
        orders.put(order.request.clientOrderId(), order); // a client order id names its group: the index holds it once
        byGroup.computeIfAbsent(order.groupId, id -> new LinkedHashSet<>()).add(order.request.clientOrderId());
    }

    private void remove(TrackedOrder order) {
        orders.remove(order.request.clientOrderId());
        unindex(order);
    }

    private void unindex(TrackedOrder order) {
        Set<String> ids = byGroup.get(order.groupId);
        if (ids != null && ids.remove(order.request.clientOrderId()) && ids.isEmpty()) {
            byGroup.remove(order.groupId);
        }
    }

    /**
     * Takes back an order decided in this event that has not left yet: it is never sent. Answers
     * false when it already left (its cancel must then wait for the venue's word).
     */
    boolean withdraw(String clientOrderId) {
        TrackedOrder order = orders.get(clientOrderId);
        if (order == null || !outbox.remove(order)) {
            return false;
        }
        remove(order);
        return true;
    }

    /** Asks the venue to cancel an order it has acknowledged; retried by a closing group's reconciliation. */
    void cancel(TrackedOrder order) {
        order.cancelSentAt = clock.instant();
        gateway.cancel(order.venue, order.request.symbol(), order.request.clientOrderId());
    }

    /** Asks the venue about the order now (a close that takes too long is reconciled this way). */
    void reconcile(TrackedOrder order) {
        gateway.reconcile(order);
    }

    /** Sends what the event decided on. */
    void handOn() {
        if (!outbox.isEmpty()) {
            outbox.forEach(gateway::place);
            outbox.clear();
        }
    }

    TrackedOrder get(String clientOrderId) {
        return orders.get(clientOrderId);
    }

    boolean knows(String clientOrderId) {
        return orders.containsKey(clientOrderId);
    }

    /** Not finished yet (no terminal report), on this venue. */
    List<TrackedOrder> working(String venue) {
        return orders.values().stream().filter(o -> !o.done && o.venue.equals(venue)).toList();
    }

    List<TrackedOrder> workingOf(long groupId) {
        return ofGroup(groupId).stream().filter(o -> !o.done).toList();
    }

    /** A closed group's finished orders are history (in the journal): the engine stops carrying them. */
    void forgetFinished(long groupId) {
        ofGroup(groupId).stream().filter(o -> o.done).forEach(this::remove);
    }

    private List<TrackedOrder> ofGroup(long groupId) {
        Set<String> ids = byGroup.get(groupId);
        return ids == null ? List.of() : ids.stream().map(orders::get).toList();
    }
}
