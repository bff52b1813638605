package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.Placement;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.RiskSelector;
import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.api.strategy.TakeProfitView;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.engine.Engine;
import dev.pyra.core.engine.EventLoop;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.QueueJournal;
import dev.pyra.core.pool.WaitingQueue;
import dev.pyra.core.precision.BelowMinimum;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.risk.RiskEngine;
import dev.pyra.core.risk.RiskJournal;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.SignalRepository;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.MutableClock;
import dev.pyra.core.testing.TestPostgres;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole engine — signals, position groups, the execution pool and its queue, the risk engine,
 * the journal in a real PostgreSQL — against a {@link SimVenue} that answers late, out of order,
 * or not at all, with every step chosen by one seeded {@link Random}: which venue call runs next,
 * which event the loop takes, which push arrives (or is lost), when the market moves, when time
 * passes, when Pyra crashes and restarts. The same seed makes the same run: after every step the
 * journal writers are flushed, so a crash lands between two steps, deterministically.
 */
final class EngineSimulation implements AutoCloseable {
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    static final String TIMEFRAME = "15";
    private static final Map<String, BigDecimal> START = Map.of(
            "BTCUSDT", new BigDecimal("60000"), "ETHUSDT", new BigDecimal("2000"), "SOLUSDT", new BigDecimal("150"));

    final long seed;
    final Random random;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    final SimVenue venue;
    final List<String> trace = new ArrayList<>();
    /** Every signal's immediate answer, by client id. */
    final Map<String, SignalOutcome> answers = new LinkedHashMap<>();
    private final Database database;
    private final Jdbi jdbi;
    private final Map<String, SymbolRules> rules = new LinkedHashMap<>();
    private final PrecisionEngine precision = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.RAISE, new BigDecimal("10")));
    private final boolean riskOn;
    /** No venue answer is ever lost or refused: only late and out of order. */
    final boolean perfectVenue;
    private Incarnation pyra;
    private int signalCount;
    int crashes;

    static final PyraConfig.Engine ENGINE = new PyraConfig.Engine(3, new BigDecimal("300"), "market",
            new PyraConfig.TakeProfit("sim-hybrid", new BigDecimal("1.5")), List.of(
                    new PyraConfig.Layer(new BigDecimal("0"), new BigDecimal("50"), new BigDecimal("1")),
                    new PyraConfig.Layer(new BigDecimal("1.5"), new BigDecimal("25"), new BigDecimal("2")),
                    new PyraConfig.Layer(new BigDecimal("3"), new BigDecimal("25"), new BigDecimal("3"))), 30);
    static final PyraConfig.Pool POOL = new PyraConfig.Pool(2, List.of("sim-fifo"), 30, 60);
    static final PyraConfig.Risk RISK = new PyraConfig.Risk(true, "sim-worst", 1, "pyramidsReached", false, 0, new BigDecimal("-0.5"), 0,
            3, true, new BigDecimal("50"), 600, 0);

    EngineSimulation(long seed, double faults, boolean riskOn) {
        this.seed = seed;
        this.random = new Random(seed);
        this.riskOn = riskOn;
        this.perfectVenue = faults == 0;
        rules.put("BTCUSDT", rules("BTCUSDT", "BTC", "0.01", "0.00001"));
        rules.put("ETHUSDT", rules("ETHUSDT", "ETH", "0.01", "0.0001"));
        rules.put("SOLUSDT", rules("SOLUSDT", "SOL", "0.01", "0.001"));
        venue = new SimVenue(random, clock, faults, List.copyOf(rules.values()));
        START.forEach((symbol, price) -> venue.tick(symbol, price, null));
        database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
        jdbi = database.jdbi();
        pyra = new Incarnation();
        START.forEach((symbol, price) -> pyra.tick(symbol, price));
        settle();
    }

    private static SymbolRules rules(String symbol, String base, String tick, String step) {
        return SymbolRules.builder(symbol, base, "USDT").trading(true).tickSize(new BigDecimal(tick))
                .priceRange(new BigDecimal(tick), new BigDecimal("1000000")).stepSize(new BigDecimal(step))
                .quantityRange(new BigDecimal(step), new BigDecimal("9000")).notionalRange(new BigDecimal("5"), null)
                .minNotionalAppliesToMarket(true).build();
    }

    /** One Pyra process: its loop, engine, gateway and journals over the shared database and venue. */
    private final class Incarnation {
        final SignalRepository signals = new SignalRepository(jdbi);
        final EventLoop loop = EventLoop.manual();
        final SimExecutor io = new SimExecutor();
        final TradeJournal journal = new TradeJournal(jdbi, signals.writer());
        final TradingEngine trading;
        final Engine engine;
        final OrderGateway gateway;

        Incarnation() {
            QueueJournal queueJournal = new QueueJournal(jdbi, signals.writer());
            WaitingQueue queue = new WaitingQueue(queueJournal);
            ExecutionPool pool = new ExecutionPool(queue, () -> POOL, Map.of("sim-fifo", FIFO), clock);
            SymbolRulesSource source = new SymbolRulesSource() {
                @Override
                public Lookup find(String exchange, String symbol) {
                    SymbolRules found = rules.get(symbol);
                    return found == null ? Lookup.missing("sim does not list " + symbol) : Lookup.found(found);
                }

                @Override
                public void rejectedForPrecision(String exchange) {}
            };
            trading = new TradingEngine(loop, () -> ENGINE, source, precision, pool, Map.of("sim-hybrid", HYBRID), journal, clock);
            engine = new Engine(loop, trading, signals, clock);
            trading.onQueuedSignalDecided(engine::recordDecision);
            gateway = new OrderGateway(id -> venue, journal, trading, clock, io, new Placement(3, Duration.ofMillis(1), d -> {}));
            trading.connect(gateway, journal.nextGroupId());
            List<GroupView> open = journal.openGroups();
            List<TrackedOrder> working = journal.workingOrders();
            loop.submit(() -> {
                trading.restore(open, working, journal::recordedOrder);
                return null;
            });
            loop.submit(() -> {
                queue.restore(queueJournal.load());
                trading.restoreQueue();
                return null;
            });
            if (riskOn) {
                RiskEngine risk = new RiskEngine(() -> RISK, Map.of("sim-worst", WORST), new RiskJournal(jdbi, signals.writer()), clock,
                        group -> rules.get(group.symbol()).stepSize());
                risk.restore();
                loop.submit(() -> {
                    trading.useRiskEngine(risk, () -> RISK);
                    risk.equitySampled(new BigDecimal("100000"));
                    return null;
                });
            }
            engine.replayUndecided();
        }

        void tick(String symbol, BigDecimal price) {
            loop.execute(() -> trading.onTick(SimVenue.ID, new PriceTick(symbol, price, clock.instant())));
        }

        /** A crash: unsent calls, queued events and undelivered pushes are lost. */
        void crash() {
            io.drop();
            loop.halt();
            signals.halt();
            signals.writer().halt();
        }

        void stop() {
            io.drop();
            loop.halt();
            signals.close();
        }
    }

    // ---- the strategies (test doubles of the standard plugin's, which the core cannot depend on) ----

    /** Aggregate target closes all; else each leg at its own target. */
    static final TakeProfitMode HYBRID = new TakeProfitMode() {
        @Override
        public String id() {
            return "sim-hybrid";
        }

        @Override
        public BigDecimal triggerPrice(TakeProfitView group) {
            BigDecimal lowest = group.aggregateTarget();
            for (TakeProfitView.Leg leg : group.legs()) {
                lowest = lowest == null ? leg.target() : lowest.min(leg.target());
            }
            return lowest;
        }

        @Override
        public TakeProfitDecision evaluate(TakeProfitView group, BigDecimal price) {
            BigDecimal aggregate = group.aggregateTarget();
            if (aggregate != null && price.compareTo(aggregate) >= 0) {
                return TakeProfitDecision.all();
            }
            return TakeProfitDecision.legs(group.legs().stream().filter(l -> price.compareTo(l.target()) >= 0)
                    .map(TakeProfitView.Leg::legId).toList());
        }
    };

    static final QueuePriorityRule FIFO = new QueuePriorityRule() {
        @Override
        public String id() {
            return "sim-fifo";
        }

        @Override
        public BigDecimal value(dev.pyra.api.strategy.QueuedSignal entry, dev.pyra.api.strategy.PoolView pool) {
            return BigDecimal.valueOf(-entry.sequence());
        }
    };

    static final RiskSelector WORST = new RiskSelector() {
        @Override
        public String id() {
            return "sim-worst";
        }

        @Override
        public List<dev.pyra.api.strategy.RiskCandidate> rank(List<dev.pyra.api.strategy.RiskCandidate> eligible) {
            return eligible.stream().sorted(java.util.Comparator.comparing(dev.pyra.api.strategy.RiskCandidate::lossPercent).reversed()
                    .thenComparingLong(dev.pyra.api.strategy.RiskCandidate::groupId)).toList();
        }
    };

    // ---- steps -------------------------------------------------------------------------------------

    /** One randomly chosen step of the world; every journal write it caused is committed after it. */
    void step(boolean crashes) {
        int roll = random.nextInt(100);
        if (roll < 20) {
            pyra.io.runOne(random);
        } else if (roll < 40) {
            pyra.loop.runNext();
        } else if (roll < 48) {
            boolean drop = !perfectVenue && random.nextInt(10) == 0;
            venue.nextPush(drop).ifPresent(report -> pyra.loop.execute(() -> pyra.trading.onOrderUpdate(SimVenue.ID, report)));
        } else if (roll < 58) {
            tickSomething();
        } else if (roll < 67) {
            signal(pick(), "entry", "buy");
        } else if (roll < 72) {
            signal(pick(), "exit", "sell");
        } else if (roll < 76) {
            clock.advance(Duration.ofSeconds(1 + random.nextInt(40)));
            pyra.loop.execute(pyra.trading::onTimer);
            trace.add("time " + clock.instant());
        } else if (roll < 80) {
            poll();
        } else if (roll < 83) {
            venue.deliverArrivals();
        } else if (roll < 86) {
            closeSomeGroup();
        } else if (roll < 89) {
            partialCloseSomeGroup();
        } else if (roll < 90 && crashes) {
            crashAndRestart();
        }
        flush();
    }

    private String pick() {
        return SYMBOLS.get(random.nextInt(SYMBOLS.size()));
    }

    private void tickSomething() {
        String symbol = pick();
        BigDecimal last = venue.lastPrice(symbol);
        BigDecimal start = START.get(symbol);
        // a walk around the start price, bounded so ladders fill and take-profits trigger
        int tenths = random.nextInt(51) - 25;
        BigDecimal next = last.add(last.multiply(BigDecimal.valueOf(tenths)).movePointLeft(3)).setScale(2, RoundingMode.DOWN);
        next = next.max(start.multiply(new BigDecimal("0.9"))).min(start.multiply(new BigDecimal("1.1"))).setScale(2, RoundingMode.DOWN);
        BigDecimal quantity = random.nextInt(3) == 0 ? rules.get(symbol).stepSize().multiply(BigDecimal.valueOf(1 + random.nextInt(400))) : null;
        venue.tick(symbol, next, quantity);
        pyra.tick(symbol, next);
        trace.add("tick " + symbol + " " + next + (quantity == null ? "" : " x" + quantity));
    }

    SignalOutcome signal(String symbol, String type, String action) {
        String id = "sim-" + seed + "-" + ++signalCount;
        Signal signal = new Signal("sim", symbol, symbol, symbol, TIMEFRAME, action.equals("buy") ? Side.BUY : Side.SELL,
                type.equals("exit") ? SignalType.EXIT : SignalType.ENTRY, null, venue.lastPrice(symbol), id, null);
        SignalRepository.Insert inserted = pyra.signals.insert(signal, "{}", "sim", clock.instant(), new SignalOutcome(SignalOutcome.RECEIVED, ""));
        SignalOutcome outcome = pyra.engine.dispatch(new StoredSignal(inserted.id(), signal, clock.instant())).join();
        answers.put(id, outcome);
        trace.add(type + " " + symbol + " -> " + outcome.status() + ": " + outcome.reason());
        return outcome;
    }

    private void poll() {
        List<TrackedOrder> working = pyra.trading.workingOrders(SimVenue.ID);
        pyra.gateway.reconcileAll(SimVenue.ID, working);
        trace.add("poll " + working.size());
    }

    /** The poll of a settling world, not traced (it runs every round). */
    private void quietPoll() {
        pyra.gateway.reconcileAll(SimVenue.ID, pyra.trading.workingOrders(SimVenue.ID));
    }

    private void closeSomeGroup() {
        List<GroupView> open = openGroups();
        if (!open.isEmpty()) {
            long id = open.get(random.nextInt(open.size())).id();
            pyra.loop.execute(() -> pyra.trading.closeByHand(id));
            trace.add("close " + id);
        }
    }

    private void partialCloseSomeGroup() {
        List<GroupView> live = openGroups().stream().filter(g -> g.status().equals("live")).toList();
        if (!live.isEmpty()) {
            long id = live.get(random.nextInt(live.size())).id();
            BigDecimal amount = BigDecimal.valueOf(5 + random.nextInt(150));
            pyra.loop.execute(() -> pyra.trading.partialClose(id, amount, "sim partial close"));
            trace.add("partial close " + id + " " + amount);
        }
    }

    void crashAndRestart() {
        pyra.crash();
        crashes++;
        while (venue.nextPush(true).isPresent()) {
            // pushes to the dead process are lost
        }
        pyra = new Incarnation();
        trace.add("crash and restart");
    }

    private void flush() {
        pyra.signals.writer().flush();
    }

    /** Everything written so far is durable (a crash after this loses nothing written). */
    void flushJournal() {
        flush();
    }

    List<GroupView> groups() {
        return pyra.trading.groups();
    }

    List<GroupView> openGroups() {
        return groups().stream().filter(g -> !g.status().equals("closed")).toList();
    }

    /** Every group ever opened, from the journal (the engine's memory holds the open ones and those closed since its start). */
    List<GroupView> journaledGroups() {
        flush();
        return jdbi.withHandle(h -> h.createQuery("select snapshot::text from position_groups order by id").mapTo(String.class)
                .map(text -> dev.pyra.core.Json.MAPPER.readValue(text, GroupView.class)).list());
    }

    List<String> journaledOrderIds() {
        flush();
        return jdbi.withHandle(h -> h.createQuery("select client_order_id from orders").mapTo(String.class).list());
    }

    /**
     * Lets everything in flight finish: every venue call, event and push; then time passes and the
     * timers and the order poll run (in-doubt orders, closing timeouts), the market standing still;
     * until a whole round changes nothing. Answers false if it never quiets.
     */
    boolean settle() {
        String before = null;
        for (int round = 0; round < 60; round++) {
            drain();
            if (round == 0 && perfectVenue && openGroups().stream().anyMatch(g -> g.status().equals("closing"))) {
                // a venue that answers everything needs no poll and no closing timeout: the close protocol alone closes
                trace.add("still closing with every answer in: " + openGroups().stream().filter(g -> g.status().equals("closing"))
                        .map(GroupView::id).toList());
                return false;
            }
            clock.advance(Duration.ofSeconds(15));
            pyra.loop.execute(pyra.trading::onTimer);
            quietPoll();
            drain();
            String now = groups() + " | " + venue.openOrdersNow();
            if (now.equals(before) && openGroups().stream().noneMatch(g -> g.status().equals("closing"))) {
                return true;
            }
            before = now;
        }
        return false;
    }

    // ---- scripted steps, for tests that place one interleaving on purpose ------------------------------

    /** Runs every venue call waiting, in the order they were made, and nothing else. */
    void runCalls() {
        while (pyra.io.runOne(new Random(0) {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        })) {
            flush();
        }
    }

    int callsWaiting() {
        return pyra.io.waiting();
    }

    /** Runs the engine's queued events (order reports, ticks), and nothing else. */
    void runEvents() {
        while (pyra.loop.runNext()) {
            flush();
        }
    }

    /** Everything until nothing moves, the market and the clock standing still. */
    void runAll() {
        drain();
    }

    void tick(String symbol, String price) {
        venue.tick(symbol, new BigDecimal(price), null);
        pyra.tick(symbol, new BigDecimal(price));
        runEvents();
    }

    /** Time passes and the engine's timer runs (queue expiry, closing timeouts, risk). */
    void timePasses(Duration duration) {
        clock.advance(duration);
        pyra.loop.execute(pyra.trading::onTimer);
        runEvents();
    }

    /** Runs {@code action} on the loop as one event, as an API call would. */
    <T> T onLoop(java.util.function.Function<TradingEngine, T> action) {
        return pyra.loop.submit(() -> action.apply(pyra.trading)).join();
    }

    GroupView group(long id) {
        return pyra.trading.group(id).orElseThrow();
    }

    void drain() {
        for (int steps = 0; steps < 200_000; steps++) {
            boolean progress = pyra.io.runOne(random) | pyra.loop.runNext();
            if (!progress && venue.hasPushes()) {
                venue.nextPush(false).ifPresent(report -> pyra.loop.execute(() -> pyra.trading.onOrderUpdate(SimVenue.ID, report)));
                progress = true;
            }
            if (!progress && venue.hasArrivals()) {
                venue.deliverArrivals();
                progress = true;
            }
            if (!progress) {
                flush();
                return;
            }
        }
        throw new AssertionError("the engine and the venue never stopped talking: " + describe());
    }

    String describe() {
        int from = Math.max(0, trace.size() - 60);
        return "seed " + seed + " (re-run with -Dpyra.sim.seed=" + seed + " -Dpyra.sim.runs=1), " + trace.size() + " steps, last ones:\n  "
                + String.join("\n  ", trace.subList(from, trace.size()));
    }

    List<OrderReport> openOnVenue() {
        return venue.openOrdersNow();
    }

    @Override
    public void close() {
        pyra.stop();
        database.close();
    }
}
