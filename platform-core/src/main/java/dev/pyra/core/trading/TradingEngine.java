package dev.pyra.core.trading;

import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.risk.RiskEngine;
import dev.pyra.core.risk.RiskOffset;
import dev.pyra.core.risk.RiskView;
import dev.pyra.core.pool.PoolSnapshot;
import dev.pyra.core.pool.QueuedEntry;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SellPlan;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.engine.EventLoop;
import dev.pyra.core.engine.SignalHandler;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading logic: position groups, pyramids, DCA ladders, take-profit and exits. Every method
 * that touches state runs on the event loop; venue calls go through the {@link OrderGateway}
 * and come back as events.
 */
public final class TradingEngine implements SignalHandler, OrderEvents {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");
    private static final Logger precisionLog = LoggerFactory.getLogger("pyra.precision");
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");

    private final EventLoop loop;
    private final Supplier<PyraConfig.Engine> settings;
    private final SymbolRulesSource rules;
    private final PrecisionEngine precision;
    private final ExecutionPool pool;
    /** Null until the risk engine is wired in. */
    private RiskDesk risk;
    private final List<java.util.function.BiConsumer<Long, SignalOutcome>> queuedDecisionListeners = new CopyOnWriteArrayList<>();
    private final TakeProfitDesk takeProfit;
    private final PoolDesk poolDesk;
    private final LadderDesk ladder;
    private final TradeJournal journal;
    private final Clock clock;
    private final OrderDesk orders;
    private final GroupCloser closer;

    private final Map<Long, PositionGroup> groups = new LinkedHashMap<>();
    private final Map<GroupKey, PositionGroup> openByKey = new HashMap<>();
    /** Per venue, per symbol: the last price and the open groups trading it (a tick looks here only). */
    private final Map<String, Map<String, SymbolBook>> books = new HashMap<>();
    private final List<Consumer<GroupView>> closedListeners = new CopyOnWriteArrayList<>();
    /** Changed by the current event: snapshotted once when it ends. */
    private final java.util.Set<PositionGroup> dirty = new java.util.LinkedHashSet<>();
    private long nextGroupId;
    /** The web app's live stream; null when nothing listens (tests, benchmarks). */
    private dev.pyra.core.live.LiveFeed feed;
    /** The pool or its queue changed in the current event: its view goes out when the event ends. */
    private boolean poolChanged;
    private Instant lastRiskNotice;
    private Instant lastPoolNotice;
    private boolean riskPending;
    /** Symbols whose price moved in the current event: their new price (and their groups' PnL) goes out when it ends. */
    private final java.util.Set<SymbolBook> priced = new java.util.LinkedHashSet<>();

    TradingEngine(EventLoop loop, Supplier<PyraConfig.Engine> settings, SymbolRulesSource rules, PrecisionEngine precision,
            ExecutionPool pool, Map<String, TakeProfitMode> takeProfitModes, TradeJournal journal, Clock clock) {
        this.pool = pool;
        this.loop = loop;
        this.settings = settings;
        this.rules = rules;
        this.precision = precision;
        this.journal = journal;
        this.clock = clock;
        this.orders = new OrderDesk(clock);
        this.closer = new GroupCloser(orders, precision, new CloserHost(), clock, () -> java.time.Duration.ofSeconds(
                settings.get().closingTimeoutSeconds()));
        this.takeProfit = new TakeProfitDesk(takeProfitModes, rules, precision, orders, closer, new TakeProfitDesk.Host() {
            @Override
            public void send(PositionGroup group, TrackedOrder order) {
                TradingEngine.this.send(group, order);
            }

            @Override
            public void save(PositionGroup group) {
                TradingEngine.this.save(group);
            }
        });
        this.ladder = new LadderDesk(rules, precision, new LadderDesk.Host() {
            @Override
            public void send(PositionGroup group, TrackedOrder order) {
                TradingEngine.this.send(group, order);
            }

            @Override
            public BigDecimal lastPrice(String venue, String symbol) {
                return TradingEngine.this.lastPrice(venue, symbol);
            }
        });
        this.poolDesk = new PoolDesk(pool, new PoolDesk.Host() {
            @Override
            public java.util.Collection<GroupKey> activeKeys() {
                return openByKey.keySet();
            }

            @Override
            public SignalOutcome open(StoredSignal stored, GroupKey key) {
                return openOrAdd(stored, key, openByKey.get(key));
            }

            @Override
            public BigDecimal lastPrice(String venue, String symbol) {
                return TradingEngine.this.lastPrice(venue, symbol);
            }

            @Override
            public void decided(long signalId, SignalOutcome outcome) {
                queuedDecided(signalId, outcome);
            }

            @Override
            public List<PositionGroup> activeGroups() {
                return List.copyOf(openByKey.values());
            }
        });
        loop.afterEachEvent(this::handOn);
    }

    /** What the close protocol sees of the engine. */
    private final class CloserHost implements GroupCloser.Host {
        @Override
        public BigDecimal lastPrice(PositionGroup group) {
            return book(group).lastPrice;
        }

        @Override
        public SymbolRulesSource.Lookup rules(PositionGroup group) {
            return rules.find(group.key.exchange(), group.venueSymbol);
        }

        @Override
        public void save(PositionGroup group) {
            TradingEngine.this.save(group);
        }

        @Override
        public void closed(PositionGroup group) {
            openByKey.remove(group.key, group);
            book(group).groups.remove(group);
            orders.forgetFinished(group.id);
            GroupView view = view(group);
            closedListeners.forEach(l -> l.accept(view));
            pool.groupClosed(group.key.pairKey(), group.key.timeframe());
            poolChanged = true;
            poolDesk.promoteWhileRoom();
        }
    }

    /**
     * After each event: snapshot every group it changed (once), then send the orders it decided
     * on. The journal commits in order, so an order intent is never durable without a snapshot of
     * its group that knows about it.
     */
    private void handOn() {
        boolean live = feed != null && feed.hasSubscribers();
        if (!dirty.isEmpty()) {
            for (PositionGroup group : dirty) {
                if (risk != null) {
                    risk.startTimer(group);
                }
                group.triggerPrice = takeProfit.triggerPrice(group);
                GroupView view = view(group);
                journal.saveGroup(view);
                if (live) {
                    feed.publish("group.updated", "group:" + group.id, view);
                }
                if (group.status != group.shownStatus) {
                    group.shownStatus = group.status;
                    poolChanged = true; // the pool lists its groups with their status
                }
            }
            dirty.clear();
        }
        boolean moved = !dirty.isEmpty() || !priced.isEmpty();
        if (!priced.isEmpty()) {
            if (live) {
                priced.forEach(this::publishPrice);
            }
            priced.clear();
        }
        if (live && risk != null && (moved || riskPending)) {
            // losses move with every price and fill: the risk panel is told at most once a second
            Instant now = clock.instant();
            if (lastRiskNotice == null || java.time.Duration.between(lastRiskNotice, now).toMillis() >= 1000) {
                lastRiskNotice = now;
                riskPending = false;
                feed.publish("risk.updated", "risk", Map.of("reason", "groups changed"));
            } else {
                riskPending = true;
            }
        }
        if (poolChanged) {
            // the pool's view (every active group, the ranked queue) is built at most four times a
            // second; flushLive sends what a quiet moment left pending
            Instant now = clock.instant();
            if (!live) {
                poolChanged = false;
            } else if (lastPoolNotice == null || java.time.Duration.between(lastPoolNotice, now).toMillis() >= 250) {
                poolChanged = false;
                lastPoolNotice = now;
                feed.publish("pool.updated", "pool", poolSnapshot());
            }
        }
        orders.handOn();
    }

    /** A timer event (twice a second): pool and risk views held back by their rate limits go out now. An empty event does it. */
    boolean hasLiveListeners() {
        return feed != null && feed.hasSubscribers();
    }

    void flushLive() {
        // nothing to do here: handOn runs after every event and sends what is due
    }

    /** Publishes the engine's changes on the web app's live stream. */
    public void useFeed(dev.pyra.core.live.LiveFeed liveFeed) {
        this.feed = liveFeed;
    }

    /**
     * {@code price.updated}: a symbol's new price with each of its open groups' unrealized PnL, so
     * a price move shows at once without a full view of every group.
     */
    private void publishPrice(SymbolBook book) {
        List<Map<String, Object>> groupsOnIt = new ArrayList<>(book.groups.size());
        for (PositionGroup group : book.groups) {
            BigDecimal held = group.heldQuantity();
            groupsOnIt.add(Map.of("id", group.id, "unrealizedPnl",
                    money(book.lastPrice.multiply(held).subtract(group.heldCost()))));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exchange", book.venue);
        data.put("symbol", book.symbol);
        data.put("price", book.lastPrice);
        data.put("at", book.lastPriceAt);
        data.put("groups", groupsOnIt);
        feed.publish("price.updated", "price:" + book.venue + ":" + book.symbol, data);
    }

    /** An order's new state on the live stream (sent, acknowledged, filled, cancelled, refused). */
    private void publishOrder(TrackedOrder order, String status, BigDecimal executed) {
        if (feed != null && feed.hasSubscribers()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("clientOrderId", order.request.clientOrderId());
            data.put("groupId", order.groupId);
            data.put("pyramid", order.pyramid);
            data.put("leg", order.leg);
            data.put("purpose", order.purpose.name().toLowerCase(java.util.Locale.ROOT));
            data.put("side", order.request.side().name().toLowerCase(java.util.Locale.ROOT));
            data.put("type", order.request.type().name().toLowerCase(java.util.Locale.ROOT));
            data.put("quantity", order.request.quantity());
            data.put("price", order.request.price());
            data.put("status", status);
            data.put("executedQuantity", executed);
            feed.publish("order.updated", data);
        }
    }

    void connect(OrderGateway gateway, long nextGroupId) {
        this.orders.connect(gateway);
        this.nextGroupId = nextGroupId;
    }

    /**
     * A queued signal was decided later: promoted from the waiting queue (and executed or refused)
     * or expired. The signal log listens here to record its final outcome.
     */
    public void onQueuedSignalDecided(java.util.function.BiConsumer<Long, SignalOutcome> listener) {
        queuedDecisionListeners.add(listener);
    }

    /** A closed group releases its execution-pool slot: the pool listens here. */
    public void onGroupClosed(Consumer<GroupView> listener) {
        closedListeners.add(listener);
    }

    /**
     * Rebuilds open groups from their snapshots and asks the venues about every order that was
     * working: fills that happened while Pyra was down come back as reports and apply once; an
     * order the venue never received is sent again under the same client order id (if its group
     * still wants it). A snapshot may be a step ahead of the order journal (a crash between the
     * two writes): a buy or sale it counts on that never left is sent now, or for a closing
     * group's buy, cancelled; one whose finish was not journaled yet is asked about.
     *
     * @param recorded an order's journal row whatever its status, if it has one
     */
    void restore(List<GroupView> snapshots, List<TrackedOrder> working, java.util.function.Function<String, Optional<TrackedOrder>> recorded) {
        for (GroupView snapshot : snapshots) {
            PositionGroup group = PositionGroup.restore(snapshot);
            groups.put(group.id, group);
            if (group.isOpen()) {
                openByKey.put(group.key, group);
                book(group).groups.add(group);
                group.triggerPrice = takeProfit.triggerPrice(group);
            }
        }
        List<TrackedOrder> toRecover = new ArrayList<>();
        for (TrackedOrder order : working) {
            PositionGroup group = groups.get(order.groupId);
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
        working.forEach(o -> { if (groups.containsKey(o.groupId)) { orders.track(o); } });
        for (PositionGroup group : groups.values()) {
            if (group.isOpen()) {
                toRecover.addAll(catchUp(group, recorded));
            }
        }
        toRecover.forEach(orders::recover);
        for (PositionGroup group : List.copyOf(openByKey.values())) {
            closer.continueClosing(group); // a closing group with nothing working sells or closes now
        }
        if (!snapshots.isEmpty()) {
            log.info("Restored {} open position group(s), reconciling {} order(s) with the venues", snapshots.size(), toRecover.size());
        }
    }

    /** Orders the group's snapshot counts on that the journal does not list as working. */
    private List<TrackedOrder> catchUp(PositionGroup group, java.util.function.Function<String, Optional<TrackedOrder>> recorded) {
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
                    save(group);
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
                save(group);
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

    // ---- signals -------------------------------------------------------------------------

    @Override
    public SignalOutcome onSignal(StoredSignal stored) {
        poolChanged = true;
        poolDesk.expire();
        poolDesk.promoteWhileRoom(); // slots freed by a config change go to the queue first, not to this signal
        Signal signal = stored.signal();
        GroupKey longKey = new GroupKey(signal.exchange(), signal.pairKey(), signal.timeframe(), Side.BUY);
        PositionGroup open = openByKey.get(longKey);
        Optional<QueuedEntry> waiting = pool.waiting(signal.exchange(), signal.pairKey(), signal.timeframe());
        if (signal.type() == SignalType.EXIT && waiting.isPresent() && (open == null || open.status == GroupStatus.CLOSING)) {
            long queued = waiting.get().signal().id();
            pool.remove(waiting.get(), "exit signal " + stored.id());
            queuedDecided(queued, SignalOutcome.ignored("deleted from the waiting queue by exit signal " + stored.id()));
            return SignalOutcome.executed("deleted the queued entry of signal " + queued + " for " + longKey
                    + " from the waiting queue" + (open == null ? "" : "; group " + open.id + " is already closing"));
        }
        if (signal.type() == SignalType.EXIT || signal.action() == Side.SELL) {
            if (open == null) {
                return SignalOutcome.ignored(signal.type() == SignalType.EXIT
                        ? "no open position group for " + longKey + " to exit"
                        : "a sell entry needs an open long to close: short selling needs margin, which spot has not");
            }
            if (open.status == GroupStatus.CLOSING) {
                return SignalOutcome.ignored("group " + open.id + " is already closing (" + open.closeReason + ")");
            }
            closer.start(open, (signal.type() == SignalType.EXIT ? "exit signal " : "sell entry signal ") + stored.id());
            return SignalOutcome.executed("closing group " + open.id + ": unfilled legs cancelled, the rest sold at market");
        }
        if (open != null && open.status == GroupStatus.CLOSING) {
            // a reversal on one bar: the new group opens once the old one has closed
            return pool.enqueue(stored, "group " + open.id + " is still closing (" + open.closeReason + "); a new group opens when it has closed");
        }
        if (open == null && (!pool.hasRoom(openByKey.size()) || waiting.isPresent())) {
            return pool.enqueue(stored, openByKey.size());
        }
        return openOrAdd(stored, longKey, open);
    }

    /** Opens a position group for the signal, or adds a pyramid to the open one. */
    private SignalOutcome openOrAdd(StoredSignal stored, GroupKey longKey, PositionGroup open) {
        Signal signal = stored.signal();
        PyraConfig.Engine engine = settings.get();
        if (open != null && risk != null && risk.newSignalFor(open)) {
            save(open);
        }
        if (open != null) {
            if (open.status == GroupStatus.CLOSING) {
                return SignalOutcome.ignored("group " + open.id + " is closing (" + open.closeReason + ")");
            }
            if (open.pyramids.size() >= engine.maxPyramids()) {
                return SignalOutcome.ignored("group " + open.id + " already has " + open.pyramids.size()
                        + " pyramids (engine.maxPyramids " + engine.maxPyramids() + ")");
            }
        }
        SymbolRulesSource.Lookup symbol = rules.find(signal.exchange(), signal.venueSymbol());
        Pyramid pyramid = ladder.planPyramid(open == null ? 0 : open.pyramids.size(), stored, engine, symbol);
        DcaLeg entry = pyramid.entry();
        if (entry.state == LegState.BLOCKED) {
            log.warn("Signal {}: entry blocked: {}", stored.id(), entry.reason);
            return SignalOutcome.rejected("entry blocked by the precision check: " + entry.reason);
        }
        PositionGroup group = open;
        if (group == null) {
            String mode = engine.takeProfit().mode();
            SymbolRules found = symbol.rules();
            group = new PositionGroup(nextGroupId++, longKey, found.symbol(), found.baseAsset(), found.quoteAsset(), mode,
                    engine.takeProfit().aggregatePercent(), clock.instant());
            groups.put(group.id, group);
            openByKey.put(longKey, group);
            book(group).groups.add(group);
        }
        group.pyramids.add(pyramid);
        ladder.sendBuy(group, pyramid, entry, engine.entryOrder().equals("limit") ? OrderType.LIMIT : OrderType.MARKET);
        save(group);
        return SignalOutcome.executed((pyramid.index == 0 ? "opened group " : "added pyramid " + pyramid.index + " to group ")
                + group.id + ": entry " + entry.quantity.toPlainString() + " " + group.baseAsset);
    }

    /** Sent when the current event ends, after the group's snapshot (see {@link #handOn}). */
    private void send(PositionGroup group, TrackedOrder order) {
        String current = dev.pyra.core.logs.Correlation.current();
        order.correlationId = current != null ? current : "group-" + group.id;
        orders.send(order);
        publishOrder(order, "sending", BigDecimal.ZERO);
        save(group);
    }

    // ---- order updates -------------------------------------------------------------------

    @Override
    public void onReport(String venue, OrderReport report) {
        post(() -> apply(report));
    }

    @Override
    public void onOrderUpdate(String venue, OrderReport report) {
        apply(report);
    }

    @Override
    public void onOrderFailed(String venue, String clientOrderId, ExchangeException error) {
        journal.recordFailure(clientOrderId, error.getMessage());
        post(() -> failed(clientOrderId, error));
    }

    /** From the gateway's threads onto the loop; while stopping, the next start reconciles instead. */
    private void post(Runnable event) {
        try {
            loop.execute(event);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.warn("Order result arrived while stopping; the next start reconciles it with the venue");
        }
    }

    private void apply(OrderReport report) {
        TrackedOrder order = orders.get(report.clientOrderId());
        if (order == null) {
            return; // not Pyra's, or from a group closed long ago
        }
        dev.pyra.core.logs.Correlation.restore(order.correlation(), order.groupId);
        try {
            applyTracked(order, report);
        } finally {
            dev.pyra.core.logs.Correlation.clear();
        }
    }

    private void applyTracked(TrackedOrder order, OrderReport report) {
        journal.recordReport(report);
        publishOrder(order, report.status().name().toLowerCase(java.util.Locale.ROOT), report.executedQuantity());
        order.acknowledged = true;
        PositionGroup group = groups.get(order.groupId);
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
        save(group);
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
                leg.recomputeTarget(tick(group));
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
                        leg.reason = "buy order " + status.name().toLowerCase();
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

    private void failed(String clientOrderId, ExchangeException error) {
        TrackedOrder order = orders.get(clientOrderId);
        if (order == null || order.done) {
            return;
        }
        dev.pyra.core.logs.Correlation.restore(order.correlation(), order.groupId);
        try {
            failedTracked(order, clientOrderId, error);
        } finally {
            dev.pyra.core.logs.Correlation.clear();
        }
    }

    private void failedTracked(TrackedOrder order, String clientOrderId, ExchangeException error) {
        publishOrder(order, "rejected", BigDecimal.ZERO);
        order.done = true;
        PositionGroup group = groups.get(order.groupId);
        log.warn("Group {} order {} failed: {}", group.id, clientOrderId, error.getMessage());
        if (error.kind() == ErrorKind.PRECISION) {
            precisionLog.error("Group {} order {} rejected by {} for precision ({} {}): refreshing its rules", group.id, clientOrderId,
                    order.venue, error.venueCode(), error.venueMessage());
            rules.rejectedForPrecision(order.venue);
        }
        if (order.purpose == OrderPurpose.BUY) {
            DcaLeg leg = leg(group, order);
            leg.reason = "venue refused the buy: " + error.venueMessage();
        }
        finish(group, order, OrderStatus.REJECTED);
        save(group);
    }

    // ---- ticks and take-profit --------------------------------------------------------------

    /**
     * The hot path: one map lookup, then a price comparison per group trading the symbol. Only a
     * group whose take-profit could act at this price (its trigger price, recomputed when the
     * group changes) gets its mode evaluated.
     */
    @Override
    public void onTick(String venue, PriceTick tick) {
        Map<String, SymbolBook> venueBooks = books.get(venue);
        SymbolBook book = venueBooks == null ? null : venueBooks.get(tick.symbol());
        if (book == null) {
            SymbolBook fresh = book(venue, tick.symbol());
            fresh.lastPrice = tick.price();
            fresh.lastPriceAt = tick.time();
            return;
        }
        BigDecimal price = tick.price();
        book.lastPrice = price;
        book.lastPriceAt = tick.time();
        if (feed != null && !book.groups.isEmpty() && feed.hasSubscribers()) {
            book.venue = venue;
            book.symbol = tick.symbol();
            priced.add(book);
        }
        List<PositionGroup> due = null;
        for (PositionGroup group : book.groups) {
            if (group.status == GroupStatus.LIVE && group.triggerPrice != null && price.compareTo(group.triggerPrice) >= 0) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(group);
            }
        }
        if (due != null) {
            for (PositionGroup group : due) {
                dev.pyra.core.logs.Correlation.group(group.id);
                try {
                    takeProfit.evaluate(group, price);
                } finally {
                    dev.pyra.core.logs.Correlation.clear();
                }
            }
        }
        if (risk != null) {
            risk.onTick(tick.time());
        }
    }

    // ---- risk engine ------------------------------------------------------------------------------

    /** The risk engine evaluates on ticks and timer events, on this loop, through its {@link RiskDesk}. */
    public void useRiskEngine(RiskEngine engine, Supplier<PyraConfig.Risk> settings) {
        this.risk = new RiskDesk(this, engine, settings);
    }

    /** The last price of a symbol on a venue, and nothing when none is known (for equity sampling). */
    public Optional<BigDecimal> lastPriceOf(String venue, String symbol) {
        return Optional.ofNullable(lastPrice(venue, symbol));
    }

    public void equitySampled(BigDecimal equity) {
        if (risk != null) {
            risk.equitySampled(equity);
        }
    }

    public RiskView riskView(List<RiskOffset> history) {
        return risk.view(history);
    }

    /** The risk panel under other settings (the settings preview). */
    public RiskView riskView(List<RiskOffset> history, PyraConfig.Risk with) {
        return risk.view(history, with);
    }

    // what the risk desk reads and does, on the loop

    java.util.Collection<PositionGroup> openGroups() {
        return openByKey.values();
    }

    PositionGroup groupById(long id) {
        return groups.get(id);
    }

    BigDecimal lastPrice(PositionGroup group) {
        return book(group).lastPrice;
    }

    Instant lastPriceAt(PositionGroup group) {
        return book(group).lastPriceAt;
    }

    Instant now() {
        return clock.instant();
    }

    void closeInFull(PositionGroup group, String reason) {
        closer.start(group, reason);
        save(group);
    }

    // ---- closing ------------------------------------------------------------------------------

    /** Closes a group by hand ({@code POST /api/v1/groups/{id}/close}); runs on the loop. */
    public Optional<String> closeByHand(long groupId) {
        PositionGroup group = groups.get(groupId);
        if (group == null) {
            return Optional.empty();
        }
        if (group.status == GroupStatus.CLOSED || group.status == GroupStatus.CLOSING) {
            return Optional.of("group " + groupId + " is already " + group.status.label());
        }
        closer.start(group, "closed by hand");
        save(group);
        return Optional.of("closing group " + groupId);
    }

    /** What became of a partial close: done (an order left, or the whole group is closing instead), or refused and why. */
    public record PartialClose(boolean accepted, String result) {}

    /**
     * Sells part of a group at market — about {@code quoteAmount} worth at the last price — and
     * keeps it open: it keeps its pool slot. The part is planned so that what remains stays
     * sellable; if it would not, the whole group is closed instead. A manual partial close uses
     * it, and so will the risk engine's offsets. Runs on the loop.
     */
    public Optional<PartialClose> partialClose(long groupId, BigDecimal quoteAmount, String reason) {
        PositionGroup group = groups.get(groupId);
        if (group == null) {
            return Optional.empty();
        }
        BigDecimal last = book(group).lastPrice;
        if (last == null) {
            return Optional.of(new PartialClose(false, "no market price for " + group.venueSymbol + " yet"));
        }
        return Optional.of(sellPartOf(group, quoteAmount.divide(last, DcaLeg.MATH), reason));
    }

    /** Sells {@code wanted} of a live group (no dust: maybe everything instead); see {@link #partialClose}. */
    PartialClose sellPartOf(PositionGroup group, BigDecimal wanted, String reason) {
        long groupId = group.id;
        if (group.status != GroupStatus.LIVE) {
            return new PartialClose(false, "group " + groupId + " is " + group.status.label() + ", not live");
        }
        if (group.anySaleInFlight()) {
            return new PartialClose(false, "group " + groupId + " has a sale in flight; retry when it is done");
        }
        BigDecimal last = book(group).lastPrice;
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
            closer.start(group, reason + ", whole group: " + why);
            save(group);
            return new PartialClose(true, "closing group " + groupId + " in full: " + why);
        }
        BigDecimal quantity = plan.order().quantity();
        String id = TrackedOrder.clientOrderId(group.id, 0, 0, OrderPurpose.CLOSE, group.closeOrders++);
        group.setAsideAcross(id, quantity);
        send(group, new TrackedOrder(group.key.exchange(), group.id, 0, 0, OrderPurpose.CLOSE,
                OrderRequest.market(id, group.venueSymbol, Side.SELL, quantity)));
        log.info("Group {} partial close ({}): selling {} {} at market", groupId, reason, quantity.toPlainString(), group.baseAsset);
        return new PartialClose(true, "selling " + quantity.toPlainString() + " " + group.baseAsset + " of group " + groupId
                + " (about " + plan.order().notional().toPlainString() + " " + group.quoteAsset + "); it stays open");
    }

    // ---- execution pool -------------------------------------------------------------------------

    /**
     * While the pool has a free slot, the best-ranked queued entry is executed now, in this event,
     * before any later signal.
     */
    /** Runs as a timer event on the loop, so entries expire even when no signal arrives. */
    public void onTimer() {
        poolChanged = true;
        poolDesk.expire();
        poolDesk.promoteWhileRoom();
        closer.reconcileOverdue(openByKey.values());
        if (risk != null) {
            risk.onTimer();
            riskChanged("timer");
        }
    }

    /** The risk panel changed (an evaluation, an offset): browsers re-read {@code GET /api/v1/risk}. */
    void riskChanged(String why) {
        if (feed != null && feed.hasSubscribers()) {
            feed.publish("risk.updated", "risk", Map.of("reason", why));
        }
    }

    private void queuedDecided(long signalId, SignalOutcome outcome) {
        queuedDecisionListeners.forEach(l -> l.accept(signalId, outcome));
    }

    private BigDecimal lastPrice(String venue, String symbol) {
        Map<String, SymbolBook> venueBooks = books.get(venue);
        SymbolBook book = venueBooks == null ? null : venueBooks.get(symbol);
        return book == null ? null : book.lastPrice;
    }

    /** Restores the waiting queue a restart found, then fills free slots from it. */
    void restoreQueue() {
        poolDesk.promoteWhileRoom();
    }

    public PoolSnapshot poolSnapshot() {
        return poolDesk.snapshot();
    }

    /** The pool as other settings (the settings preview) would hold it: their cap, their ranking of today's queue. */
    public PoolSnapshot poolSnapshot(PyraConfig.Pool with) {
        return poolDesk.snapshot(with);
    }

    // ---- views -------------------------------------------------------------------------------------

    /** Marks a change: the trigger price is refreshed and the snapshot journaled when the event ends. */
    void save(PositionGroup group) {
        dirty.add(group);
    }

    private SymbolBook book(PositionGroup group) {
        return book(group.key.exchange(), group.venueSymbol);
    }

    private SymbolBook book(String venue, String symbol) {
        return books.computeIfAbsent(venue, v -> new HashMap<>()).computeIfAbsent(symbol, k -> new SymbolBook());
    }

    @Override
    public boolean stillWanted(String clientOrderId) {
        try {
            return loop.submit(() -> {
                TrackedOrder order = orders.get(clientOrderId);
                if (order == null || order.done) {
                    return false;
                }
                PositionGroup group = groups.get(order.groupId);
                // a buy for a group on its way out is not sent again; its sales are
                return group != null && (order.purpose != OrderPurpose.BUY
                        || group.status == GroupStatus.LIVE || group.status == GroupStatus.WAITING);
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return false; // stopping: the next start reconciles it from the journal
        }
    }

    /** Orders on this venue still working (no terminal report yet): the order poller asks about them. */
    List<TrackedOrder> workingOrders(String venue) {
        return orders.working(venue);
    }

    /** The venue symbols with an open group on this venue: the price poller watches them. */
    public java.util.Set<String> watchedSymbols(String venue) {
        java.util.Set<String> symbols = new java.util.TreeSet<>();
        openByKey.values().forEach(g -> {
            if (g.key.exchange().equals(venue)) {
                symbols.add(g.venueSymbol);
            }
        });
        symbols.addAll(pool.queuedSymbols(venue)); // their loss % ranks the waiting queue
        return symbols;
    }

    private static final class SymbolBook {
        BigDecimal lastPrice;
        Instant lastPriceAt;
        String venue;
        String symbol;
        final List<PositionGroup> groups = new ArrayList<>();
    }

    public List<GroupView> groups() {
        return groups.values().stream().map(this::view).toList();
    }

    /** The groups holding a slot (live or closing): a view of each, not of every group closed since the start. */
    List<GroupView> openGroupViews() {
        return openByKey.values().stream().map(this::view).toList();
    }

    public Optional<GroupView> group(long id) {
        return Optional.ofNullable(groups.get(id)).map(this::view);
    }

    GroupView view(PositionGroup group) {
        BigDecimal last = book(group).lastPrice;
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
                        leg.buyType == null ? null : leg.buyType.name().toLowerCase(java.util.Locale.ROOT), leg.takeProfitOrders));
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
                group.key.side().name().toLowerCase(), group.status.label(), group.baseAsset, group.quoteAsset,
                group.takeProfitMode, group.aggregateTpPercent,
                money(aggregateTarget), money(average), held, last, money(group.realizedPnl()),
                money(unrealized), filled, total, group.openedAt, group.closedAt, group.closeReason,
                group.riskTimerStartedAt, group.closeOrders, group.workingCloseOrders(), List.copyOf(group.appliedTrades), pyramids,
                group.closingSince, group.closeProblem, group.sales.values().stream().map(SetAside::view).toList(),
                book(group).lastPriceAt, steps == null ? null : steps.tickSize(), steps == null ? null : steps.stepSize());
    }

    /** Shown with 12 decimals at most: exact sums stay exact, divisions are cut for reading. */
    private static BigDecimal money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal scaled = value.scale() > 12 ? value.setScale(12, java.math.RoundingMode.HALF_EVEN) : value;
        return scaled.stripTrailingZeros();
    }

    private static DcaLeg leg(PositionGroup group, TrackedOrder order) {
        return group.pyramids.get(order.pyramid).legs.get(order.leg);
    }

    private BigDecimal tick(PositionGroup group) {
        SymbolRules symbol = rules.find(group.key.exchange(), group.venueSymbol).rules();
        return symbol == null ? null : symbol.tickSize();
    }
}
