package dev.pyra.bench;

import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.JsHooks;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a JS hook adds to a decision: the time of one call as the event loop sees it — handing the
 * call to the hook thread, GraalJS (interpreted: the stock JDK has no Graal compiler) running the
 * function on read-only copies of Pyra's data, the answer copied back and checked — for each hook
 * with a realistic script, with 0, 20 and 200 open groups in its context. Wall time on the calling
 * thread, p50/p99/p99.9/max over the measured calls after a warm-up.
 *
 * <p>Run: see docs/performance.md ({@code HookBenchmark [calls, default 20000]}).
 */
public final class HookBenchmark {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("pyra-hook-bench");
        System.setProperty("pyra.logDir", dir.resolve("logs").toString());
        System.setProperty("pyra.logLevel", "WARN");
        Files.writeString(dir.resolve("filterSignal.js"), """
                function filterSignal(signal, context) {
                  if (signal.type !== 'entry') return true;
                  const same = context.openGroups.filter((g) => g.pair === signal.pair);
                  const losing = context.openGroups.filter((g) => g.unrealizedPnl < 0).length;
                  if (losing > 10) return { accept: false, reason: losing + ' groups are losing' };
                  return same.length < 2;
                }
                """);
        Files.writeString(dir.resolve("queuePriority.js"), """
                function queuePriority(entry, context) {
                  return (entry.lossPercent ?? 0) * 2 + entry.replacementCount + (entry.continuation ? 100 : 0);
                }
                """);
        Files.writeString(dir.resolve("adjustLadder.js"), """
                function adjustLadder(ladder, context) {
                  if (ladder.pyramid === 0) return ladder.layers;
                  return ladder.layers.map((layer) => ({ ...layer, gapPercent: layer.gapPercent * 1.5 }));
                }
                """);
        try (JsHooks hooks = new JsHooks(dir, () -> new PyraConfig.JsHooks(true, 50, 64, 1_000_000, 1_000_000), Clock.systemUTC()).start()) {
            List<String> report = new ArrayList<>();
            for (int open : new int[] {0, 20, 200}) {
                Map<String, Object> context = context(open);
                Map<String, Object> signal = signal();
                Map<String, Object> entry = entry();
                Map<String, Object> ladder = ladder();
                report.add(measure("filterSignal", open, calls, () -> hooks.filterSignal("signal 1", signal, context)));
                report.add(measure("queuePriority", open, calls, () -> hooks.queuePriority("entry", entry, context)));
                report.add(measure("adjustLadder", open, calls, () -> hooks.adjustLadder("signal 1", ladder, context)));
            }
            for (HookName name : List.of(HookName.filterSignal, HookName.queuePriority, HookName.adjustLadder)) {
                if (hooks.status(name).failures() > 0) {
                    throw new IllegalStateException(name + " failed during the benchmark: " + hooks.status(name).lastError());
                }
            }
            System.out.println();
            System.out.println("Results (" + calls + " measured calls each, after as many to warm up):");
            report.forEach(System.out::println);
        }
    }

    private static String measure(String hook, int open, int calls, Supplier<Object> call) {
        for (int i = 0; i < calls; i++) {
            call.get();
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            Object answer = call.get();
            nanos[i] = System.nanoTime() - start;
            if (answer instanceof java.util.Optional<?> optional && optional.isEmpty() && !hook.equals("filterSignal")) {
                throw new IllegalStateException(hook + " answered nothing");
            }
        }
        Arrays.sort(nanos);
        return String.format("%-14s %3d open groups   p50 %7.1f µs   p99 %7.1f µs   p99.9 %7.1f µs   max %8.1f µs", hook, open,
                nanos[calls / 2] / 1e3, nanos[(int) (calls * 0.99)] / 1e3, nanos[(int) (calls * 0.999)] / 1e3, nanos[calls - 1] / 1e3);
    }

    private static Map<String, Object> signal() {
        Map<String, Object> signal = new LinkedHashMap<>();
        signal.put("id", 1L);
        signal.put("exchange", "binance");
        signal.put("symbol", "BTCUSDT");
        signal.put("pair", "BTCUSDT");
        signal.put("timeframe", "15");
        signal.put("action", "buy");
        signal.put("type", "entry");
        signal.put("price", new BigDecimal("60012.34"));
        signal.put("lastPrice", new BigDecimal("60010.00"));
        return signal;
    }

    private static Map<String, Object> context(int open) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (int i = 0; i < open; i++) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("id", (long) i);
            group.put("exchange", "binance");
            group.put("symbol", "SYM" + (i % 50) + "USDT");
            group.put("pair", "SYM" + (i % 50) + "USDT");
            group.put("timeframe", "15");
            group.put("status", "live");
            group.put("pyramids", 1 + i % 3);
            group.put("heldQuantity", new BigDecimal("0.125"));
            group.put("averageEntry", new BigDecimal("101.5"));
            group.put("lastPrice", new BigDecimal("100.25"));
            group.put("unrealizedPnl", new BigDecimal(i % 3 == 0 ? "-0.15625" : "0.5"));
            group.put("realizedPnl", BigDecimal.ZERO);
            group.put("openedAt", "2026-12-07T10:00:00Z");
            groups.add(group);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("now", "2026-12-07T12:00:00Z");
        context.put("openGroups", groups);
        context.put("pool", Map.of("maxActiveGroups", 250, "activeGroups", open, "queued", 3));
        return context;
    }

    private static Map<String, Object> entry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("exchange", "binance");
        entry.put("symbol", "ETHUSDT");
        entry.put("pair", "ETHUSDT");
        entry.put("timeframe", "15");
        entry.put("signalPrice", new BigDecimal("2000"));
        entry.put("lastPrice", new BigDecimal("1960"));
        entry.put("lossPercent", new BigDecimal("2"));
        entry.put("replacementCount", 1);
        entry.put("sequence", 4L);
        entry.put("queuedAt", "2026-12-07T11:00:00Z");
        entry.put("continuation", false);
        return entry;
    }

    private static Map<String, Object> ladder() {
        List<Map<String, Object>> layers = new ArrayList<>();
        String[][] rows = {{"0", "40", "1"}, {"1.5", "20", "1.5"}, {"3", "20", "2"}, {"5", "20", "3"}};
        for (String[] row : rows) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("gapPercent", new BigDecimal(row[0]));
            layer.put("weightPercent", new BigDecimal(row[1]));
            layer.put("tpPercent", new BigDecimal(row[2]));
            layers.add(layer);
        }
        Map<String, Object> ladder = new LinkedHashMap<>();
        ladder.put("exchange", "binance");
        ladder.put("symbol", "BTCUSDT");
        ladder.put("pyramid", 1);
        ladder.put("signalPrice", new BigDecimal("60012.34"));
        ladder.put("capital", new BigDecimal("500"));
        ladder.put("layers", layers);
        return ladder;
    }

    private HookBenchmark() {}
}
