package dev.pyra.core.trading;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.logs.Correlation;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SymbolRulesSource;
import java.math.BigDecimal;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order book and its fills, one room of the engine: what the venues report on Pyra's orders.
 * A fill applies once (by trade id) to the leg that bought or the parts a sale set aside; a buy's
 * fill sets the leg's take-profit from its actual price, the entry's fill places the ladder; a
 * finished or refused order releases what it held and moves its group on (closing, or closed once
 * empty). On the event loop.
 */
final class FillDesk {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");
    private static final Logger precisionLog = LoggerFactory.getLogger("pyra.precision");
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");

    /** What the desk needs of the engine. */
    interface Host {
        /** The group changed: its snapshot is journaled when the event ends. */
        void save(PositionGroup group);
    }

    private final GroupBook book;
    private final OrderDesk orders;
    private final TradeJournal journal;
    private final SymbolRulesSource rules;
    private final PrecisionEngine precision;
    private final LadderDesk ladder;
    private final GroupCloser closer;
    private final LiveDesk live;
    private final Host host;

    FillDesk(GroupBook book, OrderDesk orders, TradeJournal journal, SymbolRulesSource rules, PrecisionEngine precision, LadderDesk ladder,
            GroupCloser closer, LiveDesk live, Host host) {
        this.book = book;
        this.orders = orders;
        this.journal = journal;
        this.rules = rules;
        this.precision = precision;
        this.ladder = ladder;
        this.closer = closer;
        this.live = live;
        this.host = host;
    }

    /** A venue's report on one of Pyra's orders: its fills and status. */
    void report(OrderReport report) {
        TrackedOrder order = orders.get(report.clientOrderId());
        if (order == null) {
            return; // not Pyra's, or from a group closed long ago
        }
        Correlation.restore(order.correlation(), order.groupId);
        try {
            apply(order, report);
        } finally {
            Correlation.clear();
        }
    }

    /** The venue refused the order for good (or never answered after every retry). */
    void failed(String clientOrderId, ExchangeException error) {
        TrackedOrder order = orders.get(clientOrderId);
        if (order == null || order.done) {
            return;
        }
        Correlation.restore(order.correlation(), order.groupId);
        try {
            refused(order, clientOrderId, error);
        } finally {
            Correlation.clear();
        }
    }

    private void apply(TrackedOrder order, OrderReport report) {
        journal.recordReport(report);
        live.order(order, report.status().name().toLowerCase(Locale.ROOT), report.executedQuantity());
        order.acknowledged = true;
        PositionGroup group = book.get(order.groupId);
        for (Fill fill : report.fills()) {
            if (group.appliedTrades.add(report.clientOrderId() + "/" + fill.tradeId())) {
                applyFill(group, order, fill);
            }
        }
        if (report.status().isTerminal() && !order.done) {
            order.done = true;
            finish(group, order, report.status());
        } else if (order.purpose == OrderPurpose.BUY && !order.done) {
            DcaLeg leg = leg(group, order);
            if (leg.state == LegState.PLANNED) {
                leg.state = LegState.OPEN;
            }
            closer.buyReported(group, order);
        }
        host.save(group);
    }

    private void applyFill(PositionGroup group, TrackedOrder order, Fill fill) {
        BigDecimal quote = fill.price().multiply(fill.quantity());
        switch (order.purpose) {
            case BUY -> {
                DcaLeg leg = leg(group, order);
                leg.filledQuantity = leg.filledQuantity.add(fill.quantity());
                leg.filledQuote = leg.filledQuote.add(quote);
                leg.costBasis = leg.costBasis.add(quote);
                if (fill.commissionAsset().equals(group.quoteAsset)) {
                    leg.feeQuote = leg.feeQuote.add(fill.commission());
                    leg.costBasis = leg.costBasis.add(fill.commission());
                } else if (fill.commissionAsset().equals(group.baseAsset)) {
                    leg.feeBase = leg.feeBase.add(fill.commission());
                }
                leg.state = leg.filledQuantity.compareTo(leg.quantity) >= 0 ? LegState.TP_OPEN : LegState.PARTIALLY_FILLED;
                leg.recomputeTarget(tickSize(group));
                if (group.status == GroupStatus.WAITING) {
                    group.status = GroupStatus.LIVE;
                }
                log.info("Group {} leg {}/{} bought {} @ {} (fee {} {}), TP target {}", group.id, order.pyramid, order.leg,
                        fill.quantity().toPlainString(), fill.price().toPlainString(), fill.commission().toPlainString(),
                        fill.commissionAsset(), leg.tpTarget == null ? "-" : leg.tpTarget.toPlainString());
            }
            case TAKE_PROFIT, CLOSE -> {
                // a sale's fill goes to the parts its own order set aside, never to another sale's
                BigDecimal credited = BigDecimal.ZERO;
                for (PositionGroup.Credit credit : group.credit(order.request.clientOrderId(), fill.quantity())) {
                    BigDecimal share = credit.quantity().divide(fill.quantity(), DcaLeg.MATH);
                    sold(group, credit.leg(), new Fill(fill.tradeId(), fill.price(), credit.quantity(), fill.commission().multiply(share),
                            fill.commissionAsset(), fill.time()), fill.price().multiply(credit.quantity()), order.purpose == OrderPurpose.TAKE_PROFIT);
                    credited = credited.add(credit.quantity());
                }
                if (credited.compareTo(fill.quantity()) < 0) {
                    errors.error("Group {} sale {}: {} {} filled beyond what the sale set aside; not credited to any leg",
                            group.id, order.request.clientOrderId(), fill.quantity().subtract(credited).toPlainString(), group.baseAsset);
                }
            }
        }
    }

    /**
     * @param legSale a sale of this leg alone (its take-profit): what it leaves below the venue's
     *     minimums is the leg's dust. A group sale's share leaves no dust per leg: the group's
     *     remainder is sold together, and only what the whole group cannot sell becomes dust.
     */
    private void sold(PositionGroup group, DcaLeg leg, Fill fill, BigDecimal quote, boolean legSale) {
        BigDecimal fee = fill.commissionAsset().equals(group.quoteAsset) ? fill.commission()
                : fill.commissionAsset().equals(group.baseAsset) ? fill.commission().multiply(fill.price()) : BigDecimal.ZERO;
        BigDecimal cost = leg.releaseCost(fill.quantity());
        leg.realizedPnl = leg.realizedPnl.add(quote.subtract(fee).subtract(cost));
        leg.soldQuantity = leg.soldQuantity.add(fill.quantity());
        if (legSale && !leg.buyOrderWorking() && leg.sellingQuantity.signum() == 0 && leg.heldQuantity().signum() > 0) {
            keepUnsellableAsDust(group, leg, fill.price());
        }
        if (leg.heldQuantity().signum() <= 0 && !leg.buyOrderWorking()) {
            leg.state = LegState.CLOSED;
        }
        log.info("Group {} leg {} sold {} @ {}: realized {}", group.id, leg.index, fill.quantity().toPlainString(),
                fill.price().toPlainString(), leg.realizedPnl.stripTrailingZeros().toPlainString());
    }

    /**
     * A remainder below the venue's step or minimums (a base-asset fee's crumbs) can never be
     * sold: it is kept as the leg's dust, counted and shown, so the leg can close.
     */
    private void keepUnsellableAsDust(PositionGroup group, DcaLeg leg, BigDecimal price) {
        SymbolRules symbol = rules.find(group.key.exchange(), group.venueSymbol).rules();
        BigDecimal remainder = leg.freeQuantity();
        if (symbol != null && precision.prepare(symbol, Side.SELL, OrderType.MARKET, price, remainder).blocked()) {
            leg.toDust(remainder);
            log.info("Group {} leg {}: {} {} left as dust (below the venue's minimums)", group.id, leg.index,
                    remainder.toPlainString(), group.baseAsset);
        }
    }

    private void finish(PositionGroup group, TrackedOrder order, OrderStatus status) {
        switch (order.purpose) {
            case BUY -> {
                DcaLeg leg = leg(group, order);
                leg.buyDone = true;
                if (leg.filledQuantity.signum() == 0) {
                    leg.state = status == OrderStatus.REJECTED ? LegState.BLOCKED : LegState.CANCELLED;
                    if (leg.reason == null) {
                        leg.reason = "buy order " + status.name().toLowerCase(Locale.ROOT);
                    }
                } else {
                    leg.state = leg.heldQuantity().signum() > 0 ? LegState.TP_OPEN : LegState.CLOSED;
                }
                Pyramid pyramid = group.pyramids.get(order.pyramid);
                if (order.leg == 0 && leg.filledQuantity.signum() > 0 && group.status != GroupStatus.CLOSING) {
                    ladder.placeLadder(group, pyramid);
                }
                if (order.leg == 0 && leg.filledQuantity.signum() == 0) {
                    pyramid.legs.stream().filter(l -> l.state == LegState.PLANNED).forEach(l -> {
                        l.state = LegState.CANCELLED;
                        l.reason = "the entry did not fill";
                    });
                }
            }
            // what the sale did not sell is free again (under the take-profit, or for the close's next sale)
            case TAKE_PROFIT, CLOSE -> group.release(order.request.clientOrderId());
        }
        if (group.status == GroupStatus.CLOSING) {
            closer.continueClosing(group);
        } else {
            closer.closeIfEmpty(group);
        }
    }

    private void refused(TrackedOrder order, String clientOrderId, ExchangeException error) {
        live.order(order, "rejected", BigDecimal.ZERO);
        order.done = true;
        PositionGroup group = book.get(order.groupId);
        log.warn("Group {} order {} failed: {}", group.id, clientOrderId, error.getMessage());
        if (error.kind() == ErrorKind.PRECISION) {
            precisionLog.error("Group {} order {} rejected by {} for precision ({} {}): refreshing its rules", group.id, clientOrderId,
                    order.venue, error.venueCode(), error.venueMessage());
            rules.rejectedForPrecision(order.venue);
        }
        if (order.purpose == OrderPurpose.BUY) {
            leg(group, order).reason = "venue refused the buy: " + error.venueMessage();
        }
        finish(group, order, OrderStatus.REJECTED);
        host.save(group);
    }

    private static DcaLeg leg(PositionGroup group, TrackedOrder order) {
        return group.pyramids.get(order.pyramid).legs.get(order.leg);
    }

    private BigDecimal tickSize(PositionGroup group) {
        SymbolRules symbol = rules.find(group.key.exchange(), group.venueSymbol).rules();
        return symbol == null ? null : symbol.tickSize();
    }
}
