package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.PreparedOrder;
import dev.pyra.core.precision.SymbolRulesSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close protocol: how a position group gets from {@code closing} to {@code closed} whatever
 * the venue's answers do meanwhile.
 *
 * <ol>
 *   <li>Every buy the group has or will have on the venue is cancelled: one decided in this event
 *       is withdrawn before it leaves (never placed); one the venue has acknowledged is cancelled
 *       now; one whose placement is still in flight is cancelled as soon as the venue acknowledges
 *       it (a cancel sent before that could overtake the placement and leave the order live).
 *   <li>What the group holds free is sold at market, one group sale at a time; a buy that fills
 *       meanwhile is sold after it. A take-profit already out keeps its own part.
 *   <li>The group closes when no buy is working and no sale is in flight. What the venue could
 *       never sell (below its minimums) is kept as dust.
 *   <li>A group still closing after {@code engine.closingTimeoutSeconds} is reconciled: every
 *       working order is asked about on its venue, unanswered cancels are sent again, and the
 *       sale is retried; still closing one timeout later, what is unresolved is logged as an
 *       error and shown on the group ({@code closeProblem}).
 * </ol>
 * On the event loop.
 */
final class GroupCloser {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");

    /** What closing needs from the engine. */
    interface Host {
        /** The last price of the group's symbol; null when none is known. */
        BigDecimal lastPrice(PositionGroup group);

        SymbolRulesSource.Lookup rules(PositionGroup group);

        /** The group changed: its snapshot is journaled when the event ends. */
        void save(PositionGroup group);

        /** Sent when the current event ends, after the group's snapshot (the group is saved too). */
        void send(PositionGroup group, TrackedOrder order);

        /** The group is closed: it leaves the open groups and frees its pool slot. */
        void closed(PositionGroup group);
    }

    private final OrderDesk orders;
    private final PrecisionEngine precision;
    private final Host host;
    private final Clock clock;
    private final Supplier<Duration> timeout;
    /** Per closing group: when it was last reconciled, and how often (in memory: a restart starts over). */
    private final Map<Long, Reconciled> reconciled = new HashMap<>();

    private record Reconciled(Instant at, int rounds) {}

    GroupCloser(OrderDesk orders, PrecisionEngine precision, Host host, Clock clock, Supplier<Duration> timeout) {
        this.orders = orders;
        this.precision = precision;
        this.host = host;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Starts closing: every buy is cancelled (or never sent), and what is held is sold. */
    void start(PositionGroup group, String reason) {
        group.status = GroupStatus.CLOSING;
        group.closeReason = reason;
        group.closingSince = clock.instant();
        group.closeProblem = null;
        log.info("Group {} closing: {}", group.id, reason);
        for (Pyramid pyramid : group.pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                if (leg.buyOrderWorking()) {
                    cancelBuy(group, pyramid, leg);
                } else if (leg.state == LegState.PLANNED) {
                    leg.state = LegState.CANCELLED;
                    leg.reason = "group closed before it was placed";
                }
            }
        }
        host.save(group);
        continueClosing(group);
    }

    private void cancelBuy(PositionGroup group, Pyramid pyramid, DcaLeg leg) {
        TrackedOrder order = orders.get(leg.buyOrderId);
        if (order == null || orders.withdraw(leg.buyOrderId)) {
            leg.buyDone = true;
            leg.state = leg.filledQuantity.signum() > 0 ? LegState.TP_OPEN : LegState.CANCELLED;
            leg.reason = "group closed before its buy was sent";
            if (order == null) {
                errors.error("Group {} leg {}/{}: buy {} was not tracked; nothing was sent", group.id, pyramid.index, leg.index,
                        leg.buyOrderId);
            }
        } else if (order.acknowledged) {
            orders.cancel(order);
        }
        // else its placement is in flight: cancelled when the venue first reports it (buyReported)
    }

    /**
     * The venue reported a buy of this group that is still working: if the group is closing and
     * the buy has no cancel out yet, the venue knows it now, so the cancel is sent.
     */
    void buyReported(PositionGroup group, TrackedOrder order) {
        if (group.status == GroupStatus.CLOSING && !order.done && order.cancelSentAt == null) {
            log.info("Group {} closing: cancelling buy {}, acknowledged by {} after the close began", group.id,
                    order.request.clientOrderId(), order.venue);
            orders.cancel(order);
        }
    }

    /** Sells whatever is held and not yet being sold; closes the group once nothing is left. */
    void continueClosing(PositionGroup group) {
        if (group.status != GroupStatus.CLOSING || group.closeSaleInFlight()) {
            return;
        }
        BigDecimal free = BigDecimal.ZERO;
        for (Pyramid pyramid : group.pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                free = free.add(leg.freeQuantity());
            }
        }
        if (free.signum() > 0) {
            SymbolRulesSource.Lookup symbol = host.rules(group);
            if (symbol.rules() == null) {
                // nothing can be sized without the venue's rules: the reconciliation retries and says why
                log.warn("Group {} closing: cannot sell {} {} now: {}", group.id, free.toPlainString(), group.baseAsset, symbol.problem());
                return;
            }
            BigDecimal last = host.lastPrice(group);
            BigDecimal price = last != null ? last : group.averageEntry();
            PreparedOrder checked = precision.prepare(symbol.rules(), Side.SELL, OrderType.MARKET, price, free);
            if (!checked.blocked()) {
                String id = TrackedOrder.clientOrderId(group.id, 0, 0, OrderPurpose.CLOSE, group.closeOrders++);
                group.setAsideAcross(id, checked.quantity());
                host.send(group, new TrackedOrder(group.key.exchange(), group.id, 0, 0, OrderPurpose.CLOSE,
                        OrderRequest.market(id, group.venueSymbol, Side.SELL, checked.quantity())));
                return;
            }
            if (group.anyBuyWorking() || group.anySaleInFlight()) {
                return; // wait: cancels and sales still out may change what is left
            }
            // what is left cannot be sold on this venue (below its minimums): tracked as dust, not lost
            group.legs().forEach(l -> l.toDust(l.freeQuantity()));
            log.warn("Group {}: {} {} left as dust ({})", group.id, free.toPlainString(), group.baseAsset, checked.blockedReason());
        }
        if (!group.anyBuyWorking() && !group.anySaleInFlight()) {
            close(group);
        }
    }

    /**
     * A live or waiting group whose every leg is done closes: per-leg take-profits took it all, or
     * its entry never filled (a dead group must not hold its key nor its pool slot).
     */
    void closeIfEmpty(PositionGroup group) {
        boolean open = group.status == GroupStatus.LIVE || group.status == GroupStatus.WAITING;
        if (open && group.legs().allMatch(l -> l.state.isFinal())) {
            if (group.closeReason == null) {
                group.closeReason = group.status == GroupStatus.WAITING
                        ? "the entry did not fill: " + group.pyramids.getFirst().entry().reason
                        : "every leg closed";
            }
            close(group);
        }
    }

    private void close(PositionGroup group) {
        group.status = GroupStatus.CLOSED;
        group.closedAt = clock.instant();
        group.closeProblem = null;
        group.legs().filter(l -> l.state == LegState.TP_OPEN || l.state == LegState.FILLED).forEach(l -> l.state = LegState.CLOSED);
        reconciled.remove(group.id);
        log.info("Group {} closed ({}): realized {}", group.id, group.closeReason, group.realizedPnl().stripTrailingZeros().toPlainString());
        host.save(group);
        host.closed(group);
    }

    /**
     * Timer: a group closing for longer than the timeout is reconciled with its venue; one that is
     * still closing a timeout after its last reconciliation has what is unresolved logged and shown.
     */
    void reconcileOverdue(Collection<PositionGroup> open) {
        Duration limit = timeout.get();
        Instant now = clock.instant();
        for (PositionGroup group : List.copyOf(open)) {
            if (group.status != GroupStatus.CLOSING) {
                continue;
            }
            if (group.closingSince == null) {
                group.closingSince = now; // a snapshot from before closing was timed
            }
            Reconciled last = reconciled.get(group.id);
            Instant since = last == null ? group.closingSince : last.at();
            if (Duration.between(since, now).compareTo(limit) < 0) {
                continue;
            }
            int round = last == null ? 1 : last.rounds() + 1;
            reconciled.put(group.id, new Reconciled(now, round));
            List<TrackedOrder> working = orders.workingOf(group.id);
            if (round > 1) {
                String problem = unresolved(group, working, now);
                if (!problem.equals(group.closeProblem)) {
                    group.closeProblem = problem;
                    errors.error("Group {} still closing after {} s ({}): {}", group.id,
                            Duration.between(group.closingSince, now).toSeconds(), group.closeReason, problem);
                    host.save(group);
                }
            } else {
                log.warn("Group {} closing for more than {} s: reconciling {} working order(s) with {}", group.id,
                        limit.toSeconds(), working.size(), group.key.exchange());
            }
            for (TrackedOrder order : working) {
                if (order.purpose == OrderPurpose.BUY && order.acknowledged) {
                    orders.cancel(order); // a cancel lost on the way, or refused for a while, is sent again
                }
                orders.reconcile(order); // the venue's word on it: fills and status apply as a report
            }
            continueClosing(group);
        }
    }

    private String unresolved(PositionGroup group, List<TrackedOrder> working, Instant now) {
        List<String> parts = new ArrayList<>();
        for (TrackedOrder order : working) {
            String id = order.request.clientOrderId();
            if (order.purpose == OrderPurpose.BUY) {
                parts.add(!order.acknowledged ? "buy " + id + ": " + order.venue + " has not acknowledged its placement"
                        : order.cancelSentAt == null ? "buy " + id + ": not cancelled yet"
                        : "buy " + id + ": still working on " + order.venue + ", cancel sent "
                                + Duration.between(order.cancelSentAt, now).toSeconds() + " s ago");
            } else {
                parts.add("sale " + id + " of " + order.request.quantity().toPlainString() + " " + group.baseAsset + ": not finished on "
                        + order.venue);
            }
        }
        BigDecimal free = group.legs().map(DcaLeg::freeQuantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (free.signum() > 0 && !group.closeSaleInFlight()) {
            SymbolRulesSource.Lookup symbol = host.rules(group);
            parts.add(free.toPlainString() + " " + group.baseAsset + " unsold"
                    + (symbol.rules() == null ? ": " + symbol.problem() : ""));
        }
        return parts.isEmpty() ? "waiting for the venue's answers" : String.join("; ", parts);
    }
}
