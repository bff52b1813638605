package dev.pyra.core.trading;

import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.WaitingQueue;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.risk.RiskEngine;
import dev.pyra.core.risk.RiskJournal;
import dev.pyra.core.precision.SymbolRulesSource;

import com.sun.management.ThreadMXBean;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.core.engine.EventLoop;
import dev.pyra.plugins.standard.HybridTakeProfit;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Tick processing with 1,000 live position groups × 5 pyramids × 5 filled DCA legs (hybrid
 * take-profit armed on every leg), spread over 10 symbols: how many ticks per second the engine
 * evaluates, and what each tick allocates. Ticks stay below the take-profit targets, as almost all
 * ticks do; a tick that triggers a close costs an order, which the webhook benchmark measures.
 *
 * <p>Run: see docs/performance.md.
 */
public final class TickBenchmark {
    private static final int GROUPS = 1_000;
    private static final int PYRAMIDS = 5;
    private static final int LEGS = 5;
    private static final int SYMBOLS = 10;

    public static void main(String[] args) throws Exception {
        long measured = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        System.setProperty("pyra.logDir", java.nio.file.Files.createTempDirectory("pyra-bench").toString());
        System.setProperty("pyra.logLevel", "WARN");
        EventLoop loop = new EventLoop();
        TradingEngine engine = liveEngine(loop);
        PriceTick[] ticks = ticksBelowTargets();

        System.out.printf("groups %d × pyramids %d × legs %d = %d legs over %d symbols%n", GROUPS, PYRAMIDS, LEGS,
                GROUPS * PYRAMIDS * LEGS, SYMBOLS);
        direct(engine, ticks, measured / 4); // warm-up
        direct(engine, ticks, measured);
        throughLoop(loop, engine, ticks, measured / 4); // warm-up
        throughLoop(loop, engine, ticks, measured);
        // the risk engine switched on, evaluating on every tick (risk.evaluateEveryMillis 0): the
        // cost of one evaluation over 1,000 live groups (none eligible: nothing is sold)
        PyraConfig.Risk risk = new PyraConfig.Risk(true, "worst-loss", 5, "pyramidsReached", false, 60, new BigDecimal("-5"), 0, 3,
                false, new BigDecimal("5"), 60, 0);
        loop.submit(() -> {
            engine.useRiskEngine(new RiskEngine(() -> risk, Map.of(), new RiskJournal(null, null), Clock.systemUTC(), g -> null),
                    () -> risk);
            return null;
        }).get();
        System.out.println("risk engine on, evaluating every tick:");
        direct(engine, ticks, measured / 2000); // warm-up
        direct(engine, ticks, measured / 500);
        loop.close();
    }

    /** An engine with the 1,000 live groups restored (on {@code loop}); no database: ticks below the targets journal nothing. */
    static TradingEngine liveEngine(EventLoop loop) throws Exception {
        Map<String, TakeProfitMode> modes = Map.of("hybrid", new HybridTakeProfit());
        TradingEngine engine = new TradingEngine(loop, () -> null, new NoRules(),
                new PrecisionEngine(() -> PrecisionEngine.Policy.DEFAULT),
                new ExecutionPool(new WaitingQueue(null), () -> null, Map.of(), Clock.systemUTC()), modes,
                new TradeJournal(null, null), Clock.systemUTC());
        List<GroupView> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            groups.add(group(g + 1, "SYM" + (g % SYMBOLS) + "USDT", Integer.toString(g / SYMBOLS + 1)));
        }
        loop.submit(() -> {
            engine.restore(groups, List.of(), id -> java.util.Optional.empty());
            return null;
        }).get();
        return engine;
    }

    /** 95.00 … 99.99 over the 10 symbols: below every leg target (≥ 106) and the aggregate one (≈ 103). */
    static PriceTick[] ticksBelowTargets() {
        PriceTick[] ticks = new PriceTick[SYMBOLS * 50];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = new PriceTick("SYM" + (i % SYMBOLS) + "USDT", new BigDecimal("95").add(BigDecimal.valueOf(i, 2)), Instant.EPOCH);
        }
        return ticks;
    }

    /** The engine's own cost: onTick called back to back on one thread (as the loop does). */
    private static void direct(TradingEngine engine, PriceTick[] ticks, long count) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long bytesBefore = threads.getThreadAllocatedBytes(id);
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            engine.onTick("bench", ticks[(int) (i % ticks.length)]);
        }
        long nanos = System.nanoTime() - start;
        long bytes = threads.getThreadAllocatedBytes(id) - bytesBefore;
        System.out.printf("direct:      %,12d ticks in %6.2f s = %,12.0f ticks/s, %.2f bytes allocated per tick%n",
                count, nanos / 1e9, count / (nanos / 1e9), (double) bytes / count);
    }

    /** Through the event loop: each tick an event queued by another thread, as price feeds do. */
    private static void throughLoop(EventLoop loop, TradingEngine engine, PriceTick[] ticks, long count) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            PriceTick tick = ticks[(int) (i % ticks.length)];
            loop.execute(() -> engine.onTick("bench", tick));
            if ((i & 0xFFFF) == 0) {
                while (loop.pending() > 200_000) {
                    Thread.onSpinWait();
                }
            }
        }
        loop.execute(done::countDown);
        done.await();
        long nanos = System.nanoTime() - start;
        System.out.printf("event loop:  %,12d ticks in %6.2f s = %,12.0f ticks/s%n", count, nanos / 1e9, count / (nanos / 1e9));
    }

    private static GroupView group(long id, String symbol, String timeframe) {
        List<GroupView.PyramidView> pyramids = new ArrayList<>();
        List<String> trades = new ArrayList<>();
        for (int p = 0; p < PYRAMIDS; p++) {
            List<GroupView.LegView> legs = new ArrayList<>();
            for (int l = 0; l < LEGS; l++) {
                BigDecimal price = new BigDecimal(100 - l);
                BigDecimal qty = new BigDecimal("0.1");
                BigDecimal quote = price.multiply(qty);
                legs.add(new GroupView.LegView(l, "tp-open", null, BigDecimal.valueOf(l), new BigDecimal("20"), new BigDecimal("2"),
                        "pyra-" + id + "-" + p + "-" + l + "-b", true, price, qty, qty, quote, price, new BigDecimal("0.01"), BigDecimal.ZERO,
                        new BigDecimal(110 - l), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, quote.add(new BigDecimal("0.01")),
                        BigDecimal.ZERO, List.of(), "limit", 0));
                trades.add("pyra-" + id + "-" + p + "-" + l + "-b/T" + l);
            }
            pyramids.add(new GroupView.PyramidView(p, id * 10 + p, new BigDecimal("100"), new BigDecimal("50"), legs));
        }
        return new GroupView(id, "bench", symbol, symbol, timeframe, "buy", "live", "SYM", "USDT", "hybrid", new BigDecimal("5"),
                null, null, null, null, null, null, PYRAMIDS * LEGS, PYRAMIDS * LEGS, Instant.EPOCH, null, null, null, 0, List.of(), trades,
                pyramids, null, null, List.of(), null, null, null);
    }

    private TickBenchmark() {}

    /** Ticks below the targets never look at symbol rules. */
    private static final class NoRules implements SymbolRulesSource {
        @Override
        public Lookup find(String exchange, String symbol) {
            return Lookup.missing("none in this benchmark");
        }

        @Override
        public void rejectedForPrecision(String exchange) {}
    }
}
