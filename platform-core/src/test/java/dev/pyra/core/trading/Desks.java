package dev.pyra.core.trading;

import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.Hooks;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.QueueJournal;
import dev.pyra.core.pool.WaitingQueue;
import dev.pyra.core.precision.BelowMinimum;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.SignalRepository;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.MutableClock;
import dev.pyra.core.testing.TestPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's rooms wired as the engine wires them, without the engine: a room's test drives one
 * of them and looks at what it decided — the orders it sent, the groups it saved, the signals it
 * decided later. Real precision engine, real PostgreSQL behind the queue and the journal.
 */
final class Desks implements AutoCloseable, GroupCloser.Host, TakeProfitDesk.Host, LadderDesk.Host, PoolDesk.Host, SignalDesk.Host,
        FillDesk.Host, CloseDesk.Host, RecoveryDesk.Host {
    static final SymbolRules BTC = SymbolRules.builder("BTCUSDT", "BTC", "USDT").trading(true).tickSize(new BigDecimal("0.01"))
            .priceRange(new BigDecimal("0.01"), new BigDecimal("1000000")).stepSize(new BigDecimal("0.00001"))
            .quantityRange(new BigDecimal("0.00001"), new BigDecimal("9000")).notionalRange(new BigDecimal("5"), null)
            .minNotionalAppliesToMarket(true).build();
    static final PyraConfig.Engine ENGINE = new PyraConfig.Engine(2, new BigDecimal("500"), "market",
            new PyraConfig.TakeProfit("sim-hybrid", new BigDecimal("1")), List.of(
                    new PyraConfig.Layer(BigDecimal.ZERO, new BigDecimal("50"), new BigDecimal("2")),
                    new PyraConfig.Layer(new BigDecimal("1.5"), new BigDecimal("25"), new BigDecimal("2")),
                    new PyraConfig.Layer(new BigDecimal("3"), new BigDecimal("25"), new BigDecimal("3"))), 30);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    final List<TrackedOrder> sent = new ArrayList<>();
    final Set<Long> saved = new LinkedHashSet<>();
    final List<Long> closed = new ArrayList<>();
    final Map<Long, SignalOutcome> decided = new LinkedHashMap<>();
    final Database database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
    final SignalRepository signals = new SignalRepository(database.jdbi());
    final TradeJournal journal = new TradeJournal(database.jdbi(), signals.writer());
    final PrecisionEngine precision = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.RAISE, new BigDecimal("10")));
    final SymbolRulesSource rules = new SymbolRulesSource() {
        @Override
        public Lookup find(String exchange, String symbol) {
            return symbol.equals("BTCUSDT") ? Lookup.found(BTC) : Lookup.missing("paper does not list " + symbol);
        }

        @Override
        public void rejectedForPrecision(String exchange) {}
    };
    int slots = 2;
    Hooks hooks = Hooks.NONE;
    final GroupBook book = new GroupBook();
    final OrderDesk orders = new OrderDesk(clock);
    final ExecutionPool pool = new ExecutionPool(new WaitingQueue(new QueueJournal(database.jdbi(), signals.writer())),
            () -> new PyraConfig.Pool(slots, List.of(), 0, 60), Map.of(), clock);
    final HookFacts facts = new HookFacts(book, pool, clock);
    final LiveDesk live = new LiveDesk(clock);
    final GroupCloser closer = new GroupCloser(orders, precision, this, clock, () -> Duration.ofSeconds(120));
    final LadderDesk ladder = new LadderDesk(rules, precision, facts, () -> hooks, this);
    final SignalDesk signalDesk = new SignalDesk(() -> ENGINE, rules, book, pool, ladder, closer, facts, () -> hooks, clock, this);
    final FillDesk fills = new FillDesk(book, orders, journal, rules, precision, ladder, closer, live, this);
    final CloseDesk closes = new CloseDesk(book, rules, precision, closer, this);
    final RecoveryDesk recovery = new RecoveryDesk(book, orders, ladder, closer, this);

    Desks() {
        book.startIdsAt(1);
    }

    /** A stored entry (or exit) signal for a pair on paper, 60 minutes. */
    StoredSignal signal(String pair, SignalType type, Side action, String price) {
        Signal signal = new Signal("paper", pair, pair, pair, "60", action, type, null, price == null ? null : new BigDecimal(price), null, null);
        long id = signals.insert(signal, "{}", "test", clock.instant(), SignalOutcome.accepted("test")).id();
        return new StoredSignal(id, signal, clock.instant());
    }

    StoredSignal entry(String pair, String price) {
        return signal(pair, SignalType.ENTRY, Side.BUY, price);
    }

    void price(String pair, String price) {
        SymbolBook symbol = book.symbol("paper", pair);
        symbol.lastPrice = new BigDecimal(price);
        symbol.lastPriceAt = clock.instant();
    }

    /** The venue's word on a sent order: filled (all of it at this price) with a quote fee, or finished as given. */
    OrderReport filled(TrackedOrder order, String price, String tradeId) {
        BigDecimal quantity = order.request.quantity();
        BigDecimal fee = new BigDecimal(price).multiply(quantity).multiply(new BigDecimal("0.001"));
        return new OrderReport(order.request.clientOrderId(), "v-" + tradeId, order.request.symbol(), order.request.side(),
                order.request.type(), OrderStatus.FILLED, order.request.price(), quantity, quantity,
                List.of(new Fill(tradeId, new BigDecimal(price), quantity, fee, "USDT", clock.instant())), clock.instant());
    }

    OrderReport status(TrackedOrder order, OrderStatus status) {
        return new OrderReport(order.request.clientOrderId(), "v-" + order.request.clientOrderId(), order.request.symbol(),
                order.request.side(), order.request.type(), status, order.request.price(), order.request.quantity(), BigDecimal.ZERO,
                List.of(), clock.instant());
    }

    TrackedOrder lastSent() {
        return sent.getLast();
    }

    @Override
    public void close() {
        signals.close();
        database.close();
    }

    // the engine's side, as the engine does it

    @Override
    public void save(PositionGroup group) {
        saved.add(group.id);
    }

    @Override
    public void send(PositionGroup group, TrackedOrder order) {
        orders.send(order);
        sent.add(order);
        saved.add(group.id);
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
        book.closed(group);
        closed.add(group.id);
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
        return signalDesk.openOrAdd(stored, key, book.openOn(key));
    }

    @Override
    public void decided(long signalId, SignalOutcome outcome) {
        decided.put(signalId, outcome);
    }

    @Override
    public boolean newSignalFor(PositionGroup group) {
        return false;
    }

    @Override
    public BigDecimal triggerPrice(PositionGroup group) {
        return null;
    }
}
