package dev.pyra.core.trading;

import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.engine.EventLoop;
import dev.pyra.core.engine.SignalHandler;
import dev.pyra.core.hooks.Hooks;
import dev.pyra.core.live.LiveFeed;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.PoolSnapshot;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.risk.RiskEngine;
import dev.pyra.core.risk.RiskOffset;
import dev.pyra.core.risk.RiskView;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading engine: the owner of the event loop's state, and the one door every event comes
 * in by. Each decision has its own room, and the engine only hands events to them:
 * <ul>
 *   <li>{@link SignalDesk}: signal intake — the user's filter, where a signal goes, the new pyramid;
 *   <li>{@link LadderDesk}: the DCA ladder — layers, sizing through the precision engine, the buys;
 *   <li>{@link FillDesk}: the order book — venues' reports, fills, finished and refused orders;
 *   <li>{@link TakeProfitDesk}: take-profit on each tick;
 *   <li>{@link GroupCloser} and {@link CloseDesk}: the close protocol, closes by hand, partial closes;
 *   <li>{@link PoolDesk}: promotion from the waiting queue, expiry;
 *   <li>{@link RiskDesk}: the risk engine's view of the groups and its offsets;
 *   <li>{@link RecoveryDesk}: the groups and orders a restart finds.
 * </ul>
 * What they share is held in {@link GroupBook} (groups, prices) and {@link OrderDesk} (orders);
 * after each event the engine journals the groups the event changed, then sends the orders it
 * decided on, then tells the web app ({@link LiveDesk}). Venue calls go through the
 * {@link OrderGateway} and come back as events.
 */
public final class TradingEngine implements SignalHandler, OrderEvents {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");

    private final EventLoop loop;
    private final TradeJournal journal;
    private final GroupBook book = new GroupBook();
    private final OrderDesk orders;
    private final GroupViews views;
    private final LiveDesk live;
    private final GroupCloser closer;
    private final TakeProfitDesk takeProfit;
    private final LadderDesk ladder;
    private final PoolDesk poolDesk;
    private final SignalDesk signals;
    private final FillDesk fills;
    private final CloseDesk closes;
    private final RecoveryDesk recovery;
    private final HookTrials trials;
    private final ExecutionPool pool;
    private final Clock clock;
    private final HookFacts facts;
    /** Null until the risk engine is wired in. */
    private RiskDesk risk;
    private volatile Hooks hooks = Hooks.NONE;
    private final List<BiConsumer<Long, SignalOutcome>> queuedDecisionListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<GroupView>> closedListeners = new CopyOnWriteArrayList<>();
    /** Changed by the current event: snapshotted once when it ends. */
    private final Set<PositionGroup> dirty = new LinkedHashSet<>();

    TradingEngine(EventLoop loop, Supplier<PyraConfig.Engine> settings, SymbolRulesSource rules, PrecisionEngine precision,
            ExecutionPool pool, Map<String, TakeProfitMode> takeProfitModes, TradeJournal journal, Clock clock) {
        this.loop = loop;
        this.journal = journal;
        this.pool = pool;
        this.clock = clock;
        this.orders = new OrderDesk(clock);
        this.views = new GroupViews(book, rules);
        this.live = new LiveDesk(clock);
        this.facts = new HookFacts(book, pool, clock);
        Rooms rooms = new Rooms(rules);
        this.closer = new GroupCloser(orders, precision, rooms, clock, () -> Duration.ofSeconds(settings.get().closingTimeoutSeconds()));
        this.takeProfit = new TakeProfitDesk(takeProfitModes, rules, precision, orders, closer, rooms);
        this.ladder = new LadderDesk(rules, precision, facts, () -> hooks, rooms);
        this.poolDesk = new PoolDesk(pool, rooms);
        this.signals = new SignalDesk(settings, rules, book, pool, ladder, closer, facts, () -> hooks, clock, rooms);
        this.fills = new FillDesk(book, orders, journal, rules, precision, ladder, closer, live, rooms);
        this.closes = new CloseDesk(book, rules, precision, closer, rooms);
        this.recovery = new RecoveryDesk(book, orders, ladder, closer, rooms);
        this.trials = new HookTrials(settings, rules, book, facts, ladder, poolDesk);
        loop.afterEachEvent(this::handOn);
    }

    /** What the rooms ask of each other and of the engine: one place, so every room sees the same engine. */
    private final class Rooms implements GroupCloser.Host, TakeProfitDesk.Host, LadderDesk.Host, PoolDesk.Host, SignalDesk.Host,
            FillDesk.Host, CloseDesk.Host, RecoveryDesk.Host {
        private final SymbolRulesSource rules;

        Rooms(SymbolRulesSource rules) {
            this.rules = rules;
        }

        @Override
        public void save(PositionGroup group) {
            TradingEngine.this.save(group);
        }

        @Override
        public void send(PositionGroup group, TrackedOrder order) {
            TradingEngine.this.send(group, order);
        }

        @Override
        public BigDecimal lastPrice(PositionGroup group) {
            return book.lastPrice(group);
        }

        @Override
        public BigDecimal lastPrice(String venue, String symbol) {
            return book.lastPrice(venue, symbol);
        }

        @Override
        public SymbolRulesSource.Lookup rules(PositionGroup group) {
            return rules.find(group.key.exchange(), group.venueSymbol);
        }

        @Override
        public void closed(PositionGroup group) {
            TradingEngine.this.closed(group);
        }

        @Override
        public Collection<GroupKey> activeKeys() {
            return book.openKeys();
        }

        @Override
        public List<PositionGroup> activeGroups() {
            return List.copyOf(book.open());
        }

        @Override
        public SignalOutcome open(StoredSignal stored, GroupKey key) {
            return signals.openOrAdd(stored, key, book.openOn(key));
        }

        @Override
        public void decided(long signalId, SignalOutcome outcome) {
            queuedDecisionListeners.forEach(l -> l.accept(signalId, outcome));
        }

        @Override
        public boolean newSignalFor(PositionGroup group) {
            return risk != null && risk.newSignalFor(group);
        }

        @Override
        public BigDecimal triggerPrice(PositionGroup group) {
            return takeProfit.triggerPrice(group);
        }
    }

    // ---- wiring --------------------------------------------------------------------------------

    void connect(OrderGateway gateway, long nextGroupId) {
        orders.connect(gateway);
        book.startIdsAt(nextGroupId);
    }

    /** Publishes the engine's changes on the web app's live stream. */
    public void useFeed(LiveFeed feed) {
        live.use(feed);
    }

    /** The risk engine evaluates on ticks and timer events, on this loop, through its {@link RiskDesk}. */
    public void useRiskEngine(RiskEngine engine, Supplier<PyraConfig.Risk> settings) {
        this.risk = new RiskDesk(book, closes, live, clock, this::save, engine, settings);
    }

    /** The user's decision hooks (none until set). */
    public void useHooks(Hooks installed) {
        this.hooks = installed;
    }

    /**
     * A queued signal was decided later: promoted from the waiting queue (and executed or refused)
     * or expired. The signal log listens here to record its final outcome.
     */
    public void onQueuedSignalDecided(BiConsumer<Long, SignalOutcome> listener) {
        queuedDecisionListeners.add(listener);
    }

    /** A closed group releases its execution-pool slot: the pool listens here. */
    public void onGroupClosed(Consumer<GroupView> listener) {
        closedListeners.add(listener);
    }

    // ---- events --------------------------------------------------------------------------------

    /** Rebuilds the open groups a restart finds and reconciles their orders; see {@link RecoveryDesk}. */
    void restore(List<GroupView> snapshots, List<TrackedOrder> working, Function<String, Optional<TrackedOrder>> recorded) {
        recovery.restore(snapshots, working, recorded);
    }

    /** Restores the waiting queue a restart found, then fills free slots from it. */
    void restoreQueue() {
        poolDesk.promoteWhileRoom();
    }

    @Override
    public SignalOutcome onSignal(StoredSignal stored) {
        live.poolChanged();
        poolDesk.expire();
        poolDesk.promoteWhileRoom(); // slots freed by a config change go to the queue first, not to this signal
        return signals.onSignal(stored);
    }

    @Override
    public void onReport(String venue, OrderReport report) {
        post(() -> fills.report(report));
    }

    @Override
    public void onOrderUpdate(String venue, OrderReport report) {
        fills.report(report);
    }

    @Override
    public void onOrderFailed(String venue, String clientOrderId, ExchangeException error) {
        journal.recordFailure(clientOrderId, error.getMessage());
        post(() -> fills.failed(clientOrderId, error));
    }

    /**
     * The hot path: one map lookup, then a price comparison per group trading the symbol (see
     * {@link TakeProfitDesk#priceMoved}).
     */
    @Override
    public void onTick(String venue, PriceTick tick) {
        SymbolBook symbol = book.find(venue, tick.symbol());
        if (symbol == null) {
            symbol = book.symbol(venue, tick.symbol());
            symbol.lastPrice = tick.price();
            symbol.lastPriceAt = tick.time();
            return;
        }
        BigDecimal price = tick.price();
        symbol.lastPrice = price;
        symbol.lastPriceAt = tick.time();
        live.priced(symbol);
        takeProfit.priceMoved(symbol.groups, price);
        if (risk != null) {
            risk.onTick(tick.time());
        }
    }

    /** Runs as a timer event on the loop, so entries expire and closes are reconciled even when no signal arrives. */
    public void onTimer() {
        live.poolChanged();
        poolDesk.expire();
        poolDesk.promoteWhileRoom();
        closer.reconcileOverdue(book.open());
        if (risk != null) {
            risk.onTimer();
            live.riskChanged("timer");
        }
    }

    /** A timer event (twice a second) while a browser listens: pool and risk views held back by their rate limits go out. */
    boolean hasLiveListeners() {
        return live.listening();
    }

    void flushLive() {
        // nothing to do here: handOn runs after every event, this empty one too, and sends what is due
    }

    // ---- commands (on the loop) ----------------------------------------------------------------

    /** Closes a group by hand ({@code POST /api/v1/groups/{id}/close}). */
    public Optional<String> closeByHand(long groupId) {
        return closes.closeByHand(groupId);
    }

    /** Sells about {@code quoteAmount} worth of a group and keeps it open; see {@link CloseDesk#partialClose}. */
    public Optional<PartialClose> partialClose(long groupId, BigDecimal quoteAmount, String reason) {
        return closes.partialClose(groupId, quoteAmount, reason);
    }

    public void equitySampled(BigDecimal equity) {
        if (risk != null) {
            risk.equitySampled(equity);
        }
    }

    // ---- reads (on the loop) -------------------------------------------------------------------

    public List<GroupView> groups() {
        return book.all().stream().map(views::of).toList();
    }

    /** The groups holding a slot (live or closing): a view of each, not of every group closed since the start. */
    List<GroupView> openGroupViews() {
        return book.open().stream().map(views::of).toList();
    }

    public Optional<GroupView> group(long id) {
        return Optional.ofNullable(book.get(id)).map(views::of);
    }

    /** The last price of a symbol on a venue, and nothing when none is known (for equity sampling). */
    public Optional<BigDecimal> lastPriceOf(String venue, String symbol) {
        return Optional.ofNullable(book.lastPrice(venue, symbol));
    }

    public PoolSnapshot poolSnapshot() {
        return poolDesk.snapshot();
    }

    /** The pool as other settings (the settings preview) would hold it: their cap, their ranking of today's queue. */
    public PoolSnapshot poolSnapshot(PyraConfig.Pool with) {
        return poolDesk.snapshot(with);
    }

    public RiskView riskView(List<RiskOffset> history) {
        return risk.view(history);
    }

    /** The risk panel under other settings (the settings preview). */
    public RiskView riskView(List<RiskOffset> history, PyraConfig.Risk with) {
        return risk.view(history, with);
    }

    /** What every hook is shown besides its own input (the time, the open groups, the pool); on the loop. */
    public Map<String, Object> hookContext() {
        return facts.context();
    }

    /** A hook's inputs as the engine would build them now, with the built-in decision: its dry run. On the loop; changes nothing. */
    public HookTrial hookTrial(dev.pyra.core.hooks.HookName name, StoredSignal signal) {
        return trials.trial(name, signal, signal == null ? null : wouldRoute(signal), risk == null ? null : risk.trial());
    }

    /** Where a signal would go now (open, add a pyramid, queue, close, ignore) and why; changes nothing. */
    private String wouldRoute(StoredSignal stored) {
        SignalDesk.Route route = signals.route(stored.signal());
        return switch (route.way()) {
            case DELETE_QUEUED -> "delete the queued entry of signal " + route.waiting().signal().id() + " for " + route.key();
            case CLOSE -> "close group " + route.open().id;
            case IGNORE -> "ignore it: " + route.reason();
            case QUEUE -> "queue it: " + route.reason();
            case OPEN -> route.open() == null ? "open a new group for " + route.key()
                    : "add pyramid " + route.open().pyramids.size() + " to group " + route.open().id;
        };
    }

    /** The venue symbols the price poller watches on this venue: open groups', and queued signals' (their loss % ranks the queue). */
    public Set<String> watchedSymbols(String venue) {
        Set<String> symbols = book.openSymbols(venue);
        symbols.addAll(pool.queuedSymbols(venue));
        return symbols;
    }

    /** Orders on this venue still working (no terminal report yet): the order poller asks about them. */
    List<TrackedOrder> workingOrders(String venue) {
        return orders.working(venue);
    }

    @Override
    public boolean stillWanted(String clientOrderId) {
        try {
            return loop.submit(() -> {
                TrackedOrder order = orders.get(clientOrderId);
                if (order == null || order.done) {
                    return false;
                }
                PositionGroup group = book.get(order.groupId);
                // a buy for a group on its way out is not sent again; its sales are
                return group != null && (order.purpose != OrderPurpose.BUY
                        || group.status == GroupStatus.LIVE || group.status == GroupStatus.WAITING);
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false; // stopping: the next start reconciles it from the journal
        }
    }

    // ---- what the rooms share ------------------------------------------------------------------

    /** Marks a change: the trigger price is refreshed and the snapshot journaled when the event ends. */
    private void save(PositionGroup group) {
        dirty.add(group);
    }

    /** Sent when the current event ends, after the group's snapshot (see {@link #handOn}). */
    private void send(PositionGroup group, TrackedOrder order) {
        String current = dev.pyra.core.logs.Correlation.current();
        order.correlationId = current != null ? current : "group-" + group.id;
        orders.send(order);
        live.order(order, "sending", BigDecimal.ZERO);
        save(group);
    }

    /** The close protocol closed the group: it leaves the open groups and frees its pool slot. */
    private void closed(PositionGroup group) {
        book.closed(group);
        orders.forgetFinished(group.id);
        GroupView view = views.of(group);
        closedListeners.forEach(l -> l.accept(view));
        pool.groupClosed(group.key.pairKey(), group.key.timeframe());
        live.poolChanged();
        poolDesk.promoteWhileRoom();
    }

    /** From the gateway's threads onto the loop; while stopping, the next start reconciles instead. */
    private void post(Runnable event) {
        try {
            loop.execute(event);
        } catch (RejectedExecutionException e) {
            log.warn("Order result arrived while stopping; the next start reconciles it with the venue");
        }
    }

    /**
     * After each event: snapshot every group it changed (once), then send the orders it decided
     * on. The journal commits in order, so an order intent is never durable without a snapshot of
     * its group that knows about it.
     */
    private void handOn() {
        boolean changed = !dirty.isEmpty();
        if (changed) {
            for (PositionGroup group : dirty) {
                if (risk != null) {
                    risk.startTimer(group);
                }
                group.triggerPrice = takeProfit.triggerPrice(group);
                GroupView view = views.of(group);
                journal.saveGroup(view);
                live.groupUpdated(view);
                if (group.status != group.shownStatus) {
                    group.shownStatus = group.status;
                    live.poolChanged(); // the pool lists its groups with their status
                }
            }
            dirty.clear();
        }
        live.eventEnded(changed, risk != null, poolDesk::snapshot);
        orders.handOn();
    }
}
