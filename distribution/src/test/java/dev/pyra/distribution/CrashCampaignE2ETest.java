package dev.pyra.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crash campaign: the distribution's own {@code bin/pyra} runs a scripted trading scenario —
 * one sender per symbol posting ticks, entries and exits — and is killed with SIGKILL at random
 * moments, then started again, until the script is done. Then, and after every run: every
 * acknowledged signal is stored exactly once, nothing was executed twice, and every symbol's
 * groups — their quantities, fills and PnL — equal those of the same script run without a crash.
 *
 * <p>A sender's step is done when it was acknowledged and the engine has settled on it (orders
 * answered, take-profits that the price reached sold); a crash before that makes the sender send
 * it again, as TradingView's sender or a script would — the same webhook id is a duplicate, the
 * same tick price fills nothing twice. These symbols do not interact (the pool holds them all,
 * risk engine off), so their senders may run side by side and each symbol's outcome is still one.
 *
 * <p>Decisions across symbols come after them: once those senders are done (the groups they left
 * open are known, so the pool's free slots are too), one more sender plays five other symbols into
 * a pool of four slots. Entries wait in the waiting queue, exits free slots and promote the
 * best-ranked entry or delete a waiting one, a second entry replaces a waiting one; each signal's
 * decision must be the uninterrupted run's too.
 *
 * <p>{@code -Dpyra.crash.points=N} kills (the chaos profile: 200, the long profile: 1,000); 0 (the
 * default of {@code ./mvnw verify}) skips the campaign.
 */
class CrashCampaignE2ETest {
    private static final Path PYRA = Path.of(System.getProperty("pyra.distribution", "target/pyra"));
    private static final int POINTS = Integer.getInteger("pyra.crash.points", 0);
    private static final long SEED = Long.getLong("pyra.seed", 20261207L);
    private static final String SECRET = "crash-webhook-secret";
    private static final String TOKEN = "crash-api-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> START_PRICES = Map.of("BTCUSDT", "60000.00", "ETHUSDT", "2000.00", "SOLUSDT", "150.00");
    private static final String CONFIG = """
            {"exchanges": {"paper": {"enabled": true, "startingBalances": {"USDT": "1000000"}}},
             "engine": {"maxPyramids": 2, "capitalPerPyramid": "200", "entryOrder": "market",
                        "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                        "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1.5"},
                                   {"gapPercent": "1", "weightPercent": "25", "tpPercent": "2"},
                                   {"gapPercent": "2", "weightPercent": "25", "tpPercent": "2.5"}]},
             "pool": {"maxActiveGroups": 4}, "risk": {"enabled": false}}""";
    /** The symbols of the waiting-queue phase, in the order their entries arrive. */
    private static final Map<String, String> QUEUE_PRICES = orderedPrices(
            "BNBUSDT", "600.00", "XRPUSDT", "0.5000", "ADAUSDT", "0.4000", "DOGEUSDT", "0.10000", "LTCUSDT", "80.00");
    private static final String QUEUE_SENDER = "queue";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    record Step(String symbol, String kind, String price, String id) {}

    /** One running (or killed) Pyra on a data directory. */
    final class Instance {
        final Path dataDir;
        final int uiPort = freePort();
        final int webhookPort = freePort();
        volatile Process process;
        int starts;

        Instance(Path dataDir) throws IOException {
            this.dataDir = dataDir;
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("config.json"), CONFIG);
        }

        void start() throws Exception {
            ProcessBuilder builder = new ProcessBuilder(PYRA.resolve("bin/pyra").toString(), "--data-dir", dataDir.toString(),
                    "--ui-port", Integer.toString(uiPort), "--webhook-port", Integer.toString(webhookPort))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.log").toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("PYRA_WEBHOOK_SECRET", SECRET);
            builder.environment().put("PYRA_API_TOKEN", TOKEN);
            builder.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
            builder.environment().remove("PYRA_JDBC_URL");
            process = builder.start();
            starts++;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                try {
                    if (get("/api/v1/health").statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (!process.isAlive()) {
                    throw new AssertionError("Pyra did not start again (start " + starts + "): " + tail());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Pyra not healthy within 90 s (start " + starts + "): " + tail());
                }
                Thread.sleep(50);
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
            process.waitFor();
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        String tail() {
            try {
                List<String> lines = Files.readAllLines(dataDir.resolve("console.log"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return e.toString();
            }
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + path)).header("Authorization", "Bearer " + TOKEN)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void killedAtRandomPointsItEndsExactlyWhereAnUninterruptedRunEnds() throws Exception {
        Assumptions.assumeTrue(POINTS > 0, "the crash campaign runs with -Pchaos (-Dpyra.crash.points=N)");
        Random random = new Random(SEED);
        Map<String, List<Step>> script = script(random, 14);
        int steps = script.values().stream().mapToInt(List::size).sum();

        Instance reference = new Instance(work.resolve("reference"));
        reference.start();
        play(reference, script, null, 0);
        Map<String, List<String>> expected = outcome(reference);
        Map<String, String> reasons = new TreeMap<>();
        signals(reference).stream().filter(s -> s.get("clientId").asString().startsWith("Q-"))
                .forEach(s -> reasons.put(s.get("clientId").asString(), s.get("status").asString() + ": " + s.get("reason").asString("")));
        System.out.printf("CrashCampaign: the waiting-queue phase, uninterrupted: %s%n", reasons);
        assertThat(reasons.values()).as("the waiting-queue phase queued entries and promoted one")
                .anyMatch(r -> r.contains("promoted from the waiting queue"));
        reference.stop();
        System.out.printf("CrashCampaign: script of %d steps on %d symbols; uninterrupted: %s%n", steps,
                START_PRICES.size() + QUEUE_PRICES.size(), expected);

        int killed = 0;
        int runs = 0;
        long acked = 0;
        while (killed < POINTS) {
            Instance crashed = new Instance(work.resolve("run-" + (++runs)));
            crashed.start();
            int killsThisRun = Math.min(POINTS - killed, 20);
            Chaos chaos = new Chaos(crashed, random, killsThisRun);
            Map<String, Long> ackedHere = play(crashed, script, chaos, killsThisRun);
            killed += chaos.killed.get();
            acked += ackedHere.values().stream().mapToLong(Long::longValue).sum();

            checkEveryAcknowledgedSignalStoredOnce(crashed, script);
            Map<String, List<String>> actual = outcome(crashed);
            assertThat(actual).as("run %d (%d kills): every symbol's groups as without a crash; console:%n%s", runs,
                    chaos.killed.get(), crashed.tail()).isEqualTo(expected);
            crashed.stop();
            deleteQuietly(crashed.dataDir);
            System.out.printf("CrashCampaign: run %d: %d kills (%d so far), %d signals acknowledged, groups and PnL as uninterrupted%n",
                    runs, chaos.killed.get(), killed, ackedHere.values().stream().mapToLong(Long::longValue).sum());
        }
        System.out.printf("CrashCampaign: %d runs, %d crash points, %d acknowledged signals, lost 0, duplicated 0, "
                + "every run's groups and PnL equal to the uninterrupted run's%n", runs, killed, acked);
    }

    /** Kills the instance at random moments while the senders play, and starts it again. */
    final class Chaos {
        final Instance instance;
        final Random random;
        final int kills;
        final AtomicInteger killed = new AtomicInteger();
        volatile boolean down;

        Chaos(Instance instance, Random random, int kills) {
            this.instance = instance;
            this.random = random;
            this.kills = kills;
        }

        void run(java.util.function.BooleanSupplier finished) {
            try {
                while (killed.get() < kills && !finished.getAsBoolean()) {
                    Thread.sleep(200 + random.nextInt(1_800));
                    if (finished.getAsBoolean()) {
                        return;
                    }
                    down = true;
                    instance.kill();
                    killed.incrementAndGet();
                    instance.start();
                    down = false;
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Plays every symbol's steps, one sender each; answers how many webhooks each had acknowledged. */
    private Map<String, Long> play(Instance instance, Map<String, List<Step>> script, Chaos chaos, int kills) throws Exception {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        List<Thread> senders = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.CountDownLatch symbolsDone = new java.util.concurrent.CountDownLatch(
                (int) script.keySet().stream().filter(k -> !k.equals(QUEUE_SENDER)).count());
        for (Map.Entry<String, List<Step>> symbol : script.entrySet()) {
            boolean queue = symbol.getKey().equals(QUEUE_SENDER);
            senders.add(Thread.ofPlatform().name("sender-" + symbol.getKey()).start(() -> {
                try {
                    if (queue) {
                        symbolsDone.await(); // the pool's free slots depend on what the others left open: known once they are done
                    }
                    acked.put(symbol.getKey(), send(instance, symbol.getValue()));
                } catch (Throwable e) {
                    failures.put(symbol.getKey(), e);
                } finally {
                    done.incrementAndGet();
                    if (!queue) {
                        symbolsDone.countDown();
                    }
                }
            }));
        }
        Thread killer = chaos == null ? null : Thread.ofPlatform().name("chaos").start(() -> chaos.run(() -> done.get() == script.size()));
        for (Thread sender : senders) {
            sender.join();
        }
        if (killer != null) {
            killer.join();
            if (chaos.down) {
                throw new AssertionError("left down");
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("senders failed: " + failures.keySet() + "\n" + instance.tail());
            failures.values().forEach(error::addSuppressed);
            throw error;
        }
        return acked;
    }

    /** One symbol's steps in order; a step is retried until acknowledged and settled, whatever dies meanwhile. */
    private long send(Instance instance, List<Step> steps) throws Exception {
        long acked = 0;
        Map<String, BigDecimal> lastPrices = new HashMap<>();
        // an exit on one symbol may promote another's waiting entry: the sender waits for all of its symbols
        java.util.Set<String> symbols = new java.util.TreeSet<>(steps.stream().map(Step::symbol).toList());
        for (Step step : steps) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("step " + step + " never settled");
                }
                try {
                    HttpResponse<String> answer = switch (step.kind()) {
                        case "tick" -> instance.post(instance.uiPort, "/api/v1/paper/ticks",
                                "[{\"symbol\":\"" + step.symbol() + "\",\"price\":\"" + step.price() + "\"}]");
                        default -> instance.post(instance.webhookPort, "/webhook", """
                                {"secret":"%s","exchange":"paper","symbol":"%s","timeframe":"60","action":"%s","type":"%s","price":"%s","id":"%s"}"""
                                .formatted(SECRET, step.symbol(), step.kind().equals("entry") ? "buy" : "sell", step.kind(),
                                        step.price(), step.id()));
                    };
                    if (answer.statusCode() / 100 != 2) {
                        Thread.sleep(100); // 503 while the database or the engine comes back: send again
                        continue;
                    }
                    if (!step.kind().equals("tick")) {
                        acked++;
                    } else {
                        lastPrices.put(step.symbol(), new BigDecimal(step.price()));
                    }
                    if (settled(instance, symbols, lastPrices)) {
                        break;
                    }
                } catch (IOException e) {
                    Thread.sleep(100); // killed: wait for it, then send the step again
                }
            }
        }
        return acked;
    }

    /**
     * The engine is done with the symbol for now: no order waits for the venue's answer, no group is
     * opening or closing, no leg is planned or selling, and no take-profit the last price reached
     * is still unsold. Waits up to 5 s; false if killed meanwhile (the step is sent again).
     */
    private boolean settled(Instance instance, java.util.Set<String> symbols, Map<String, BigDecimal> lastPrices) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> groups = instance.get("/api/v1/groups?status=open");
                HttpResponse<String> orders = instance.get("/api/v1/orders?limit=5000");
                JsonNode open = groups.statusCode() == 200 ? JSON.readTree(groups.body()) : null;
                if (open != null && orders.statusCode() == 200 && symbols.stream().allMatch(s -> quiet(open, s, lastPrices.get(s)))
                        && JSON.readTree(orders.body()).get("orders").valueStream()
                                .noneMatch(o -> symbols.contains(o.get("symbol").asString()) && o.get("status").asString().equals("PENDING"))) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static boolean quiet(JsonNode groups, String symbol, BigDecimal lastPrice) {
        for (JsonNode group : groups.get("groups")) {
            if (!group.get("symbol").asString().equals(symbol)) {
                continue;
            }
            String status = group.get("status").asString();
            if (!status.equals("live") && !status.equals("closed")) {
                return false;
            }
            if (!group.get("workingCloseOrders").isEmpty()) {
                return false;
            }
            for (JsonNode pyramid : group.get("pyramids")) {
                for (JsonNode leg : pyramid.get("legs")) {
                    String state = leg.get("state").asString();
                    if (state.equals("planned") || decimal(leg, "sellingQuantity").signum() > 0) {
                        return false;
                    }
                    if (state.equals("tp-open") && lastPrice != null && leg.hasNonNull("tpTarget")
                            && lastPrice.compareTo(decimal(leg, "tpTarget")) >= 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Every symbol's groups, in the order they opened: status, held, realized, and each leg's fills and sales. */
    private Map<String, List<String>> outcome(Instance instance) throws Exception {
        Map<String, List<String>> outcome = new TreeMap<>();
        for (JsonNode group : JSON.readTree(instance.get("/api/v1/groups?status=all&limit=1000&sort=id&order=asc").body()).get("groups")) {
            JsonNode full = JSON.readTree(instance.get("/api/v1/groups/" + group.get("id").asLong()).body());
            StringBuilder line = new StringBuilder(full.get("status").asString()).append(" held ").append(plain(full, "heldQuantity"))
                    .append(" realized ").append(plain(full, "realizedPnl"));
            for (JsonNode pyramid : full.get("pyramids")) {
                line.append(" |");
                for (JsonNode leg : pyramid.get("legs")) {
                    line.append(' ').append(leg.get("state").asString()).append(':').append(plain(leg, "filledQuantity"))
                            .append('@').append(plain(leg, "averageFillPrice")).append("-").append(plain(leg, "soldQuantity"));
                }
            }
            outcome.computeIfAbsent(full.get("symbol").asString(), s -> new ArrayList<>()).add(line.toString());
        }
        // the waiting-queue phase's decisions: queued, then promoted (executed), deleted by an exit (ignored), replaced
        Map<String, String> decisions = new TreeMap<>();
        signals(instance).forEach(s -> {
            if (s.get("clientId").asString().startsWith("Q-")) {
                decisions.put(s.get("clientId").asString(), s.get("status").asString());
            }
        });
        decisions.forEach((id, status) -> outcome.computeIfAbsent("queue decisions", k -> new ArrayList<>()).add(id + " " + status));
        return outcome;
    }

    /** Every stored signal, newest first. */
    private List<JsonNode> signals(Instance instance) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String before = null;
        while (true) {
            JsonNode signals = JSON.readTree(instance.get("/api/v1/signals?limit=1000" + (before == null ? "" : "&before=" + before)).body())
                    .get("signals");
            signals.forEach(all::add);
            if (signals.size() < 1000) {
                return all;
            }
            before = signals.get(signals.size() - 1).get("id").asString();
        }
    }

    private void checkEveryAcknowledgedSignalStoredOnce(Instance instance, Map<String, List<Step>> script) throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        for (JsonNode signal : signals(instance)) {
            stored.merge(signal.get("clientId").asString(), 1, Integer::sum);
            // queued is decided for now: the entry waits in the queue (and the phase's last exits empty it)
            assertThat(signal.get("status").asString()).as("signal %s decided", signal.get("clientId")).isNotEqualTo("received");
        }
        for (List<Step> steps : script.values()) {
            for (Step step : steps) {
                if (!step.kind().equals("tick")) {
                    assertThat(stored.get(step.id())).as("signal %s stored exactly once", step.id()).isEqualTo(1);
                }
            }
        }
    }

    /** Cycles per symbol: a tick, an entry, the price walking down through the ladder and up through the take-profits, an exit. */
    private static Map<String, List<Step>> script(Random random, int cycles) {
        Map<String, List<Step>> script = new LinkedHashMap<>();
        for (Map.Entry<String, String> symbol : new TreeMap<>(START_PRICES).entrySet()) {
            List<Step> steps = new ArrayList<>();
            BigDecimal price = new BigDecimal(symbol.getValue());
            for (int cycle = 0; cycle < cycles; cycle++) {
                steps.add(new Step(symbol.getKey(), "tick", plain(price), null));
                steps.add(new Step(symbol.getKey(), "entry", plain(price), symbol.getKey() + "-entry-" + cycle));
                int moves = 3 + random.nextInt(4);
                for (int move = 0; move < moves; move++) {
                    // mostly down through the ladder, then up through the take-profits
                    double percent = move < moves / 2 ? -(0.5 + random.nextDouble() * 1.5) : 0.5 + random.nextDouble() * 2;
                    price = price.multiply(BigDecimal.valueOf(1 + percent / 100)).setScale(2, RoundingMode.HALF_UP);
                    steps.add(new Step(symbol.getKey(), "tick", plain(price), null));
                    if (random.nextInt(6) == 0) {
                        steps.add(new Step(symbol.getKey(), "entry", plain(price), symbol.getKey() + "-pyramid-" + cycle + "-" + move));
                    }
                }
                if (random.nextInt(3) > 0) {
                    steps.add(new Step(symbol.getKey(), "exit", plain(price), symbol.getKey() + "-exit-" + cycle));
                }
            }
            script.put(symbol.getKey(), steps);
        }
        script.put(QUEUE_SENDER, queueScript(random));
        return script;
    }

    /**
     * Five entries into a pool of four slots, up to three of them held by the other symbols' groups:
     * the last entries wait. An exit frees a slot (the best-ranked waiting entry opens) or deletes a
     * waiting entry; a second entry replaces a waiting one or adds a pyramid; prices walk; then an
     * exit for every symbol in order ends every group and empties the queue.
     */
    private static List<Step> queueScript(Random random) {
        List<Step> steps = new ArrayList<>();
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        QUEUE_PRICES.forEach((symbol, price) -> prices.put(symbol, new BigDecimal(price)));
        List<String> symbols = List.copyOf(prices.keySet());
        for (String symbol : symbols) {
            steps.add(new Step(symbol, "tick", plain(prices.get(symbol)), null));
            steps.add(new Step(symbol, "entry", plain(prices.get(symbol)), "Q-entry-" + symbol));
        }
        steps.add(new Step("BNBUSDT", "exit", plain(prices.get("BNBUSDT")), "Q-exit-BNBUSDT")); // a slot frees: a waiting entry opens
        move(steps, prices, "LTCUSDT", -1.0);
        steps.add(new Step("LTCUSDT", "entry", plain(prices.get("LTCUSDT")), "Q-again-LTCUSDT")); // replaces, or adds a pyramid
        steps.add(new Step("DOGEUSDT", "exit", plain(prices.get("DOGEUSDT")), "Q-exit-DOGEUSDT")); // deletes, or closes and promotes
        for (int round = 0; round < 8; round++) {
            String symbol = symbols.get(random.nextInt(symbols.size()));
            move(steps, prices, symbol, random.nextBoolean() ? -(0.5 + random.nextDouble() * 2) : 0.5 + random.nextDouble() * 2);
            if (random.nextInt(3) == 0) {
                steps.add(new Step(symbol, "entry", plain(prices.get(symbol)), "Q-round-" + round + "-" + symbol));
            }
        }
        for (String symbol : symbols) {
            steps.add(new Step(symbol, "exit", plain(prices.get(symbol)), "Q-final-" + symbol));
        }
        return steps;
    }

    private static void move(List<Step> steps, Map<String, BigDecimal> prices, String symbol, double percent) {
        BigDecimal price = prices.get(symbol).multiply(BigDecimal.valueOf(1 + percent / 100)).round(new java.math.MathContext(5));
        prices.put(symbol, price);
        steps.add(new Step(symbol, "tick", plain(price), null));
    }

    private static Map<String, String> orderedPrices(String... symbolsAndPrices) {
        Map<String, String> prices = new LinkedHashMap<>();
        for (int i = 0; i < symbolsAndPrices.length; i += 2) {
            prices.put(symbolsAndPrices[i], symbolsAndPrices[i + 1]);
        }
        return prices;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String plain(JsonNode node, String field) {
        return node.hasNonNull(field) ? plain(new BigDecimal(node.get(field).asString())) : "-";
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return node.hasNonNull(field) ? new BigDecimal(node.get(field).asString()) : BigDecimal.ZERO;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir: JUnit removes what is left
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
