package dev.pyra.bench;

import dev.pyra.core.Json;
import dev.pyra.core.PyraOptions;
import dev.pyra.core.config.Environment;
import dev.pyra.core.trading.GroupView;
import dev.pyra.launcher.PyraServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web app under load: 1,000 live position groups on the groups page, 1,000 {@code group.updated}
 * events a second on the live stream, measured inside headless Chromium — frame time (between
 * animation frames) and event-to-paint latency (a message's arrival to the frame after the one that
 * rendered it) — and the webhook's answer latency with no browser against five browsers connected.
 *
 * <p>Run: see docs/performance.md. Args: [groups, default 1000] [events/s, default 1000]
 * [seconds, default 20] [browsers, default 5] [webhooks/s during the comparison, default 200].
 */
public final class StreamBenchmark {
    private static final String SECRET = "bench-secret";
    private static final String PASSWORD = "benchmark password";

    public static void main(String[] args) throws Exception {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int eventsPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int browsers = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int webhookRate = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        Path dataDir = Files.createTempDirectory("pyra-stream-bench");
        System.setProperty("pyra.logDir", dataDir.resolve("logs").toString());
        System.setProperty("pyra.logLevel", "WARN");
        Files.writeString(dataDir.resolve("config.json"), """
                {"engine": {"maxPyramids": 50, "capitalPerPyramid": "30", "entryOrder": "market",
                            "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                            "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "5"},
                                       {"gapPercent": "20", "weightPercent": "25", "tpPercent": "5"},
                                       {"gapPercent": "40", "weightPercent": "25", "tpPercent": "5"}]},
                 "exchanges": {"paper": {"startingBalances": {"USDT": "100000000"}}},
                 "pool": {"maxActiveGroups": %d},
                 "webhook": {"maxLagSeconds": 60, "rateLimitPerMinute": 1000000},
                 "logging": {"level": "WARN"}}""".formatted(groups + 10));
        PyraOptions options = PyraOptions.of(dataDir).withEnvironment(new Environment(Map.of(Environment.WEBHOOK_SECRET, SECRET)));
        try (PyraServer pyra = PyraServer.start(options, 0, "127.0.0.1", 0)) {
            pyra.pyra().logins().setPassword(PASSWORD.toCharArray());
            pyra.pyra().applyPaperTicks("paper", Json.MAPPER.readTree("[{\"symbol\":\"BTCUSDT\",\"price\":\"60000\"}]"));
            System.out.println("Opening " + groups + " position groups …");
            LoadGenerator.Result opened = new LoadGenerator("127.0.0.1", pyra.webhookPort(), "/webhook", 8).run(200, groups / 200,
                    i -> entry(i + 1, "open-" + i), answer -> answer.contains("executed"));
            System.out.println("  opened: " + (opened.latencyNanos().length - opened.failures()) + " groups");
            pyra.pyra().trading().flush();
            List<ObjectNode> views = pyra.pyra().trading().groups().stream().map(g -> (ObjectNode) Json.MAPPER.valueToTree(g)).toList();

            // 1. the page under 1,000 events/s, measured in the browser
            List<ChromeDriver> drivers = new ArrayList<>();
            ChromeDriver measured = browser(pyra.uiPort());
            drivers.add(measured);
            awaitRows(measured, Math.min(100, views.size()));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong published = new AtomicLong();
            Thread events = Thread.ofPlatform().name("bench-events").daemon(true).start(() -> publish(pyra, views, eventsPerSecond, running, published));
            Thread.sleep(3000); // the page settles at the new rate
            ((JavascriptExecutor) measured).executeScript(MEASURE);
            Thread.sleep(seconds * 1000L);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) measured).executeScript("return window.__bench.report()");
            System.out.printf("%nPage with %d live groups, %d events/s on the stream (%d published in all), %d s in headless Chromium:%n",
                    views.size(), eventsPerSecond, published.get(), seconds);
            System.out.printf("  frame time        p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%s frames)%n", num(m, "frameP50"),
                    num(m, "frameP99"), num(m, "frameMax"), m.get("frames"));
            System.out.printf("  event-to-paint    p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%s events rendered)%n", num(m, "paintP50"),
                    num(m, "paintP99"), num(m, "paintMax"), m.get("events"));
            System.out.printf("  long tasks (>50 ms): %s, longest %.0f ms; stream gaps seen by the store: %s%n", m.get("longTasks"),
                    num(m, "longestTask"), m.get("gaps"));
            running.set(false);
            events.join();
            measured.navigate().to("about:blank");

            // 2. the webhook alone, then with five stream listeners that read every message (browsers on the
            // traders' own machines: the server's side of them), then with five real Chromiums on these same
            // two cores, their processes niced so they use what the server leaves (still a shared CPU)
            webhooks(pyra, webhookRate, 10, 100_000); // warm-up: the JIT compiles the webhook's path before anything is measured
            LoadGenerator.Result alone = webhooks(pyra, webhookRate, seconds, 10_000);
            running.set(true);
            events = Thread.ofPlatform().name("bench-events").daemon(true).start(() -> publish(pyra, views, eventsPerSecond, running, published));
            List<java.net.http.WebSocket> listeners = new ArrayList<>();
            AtomicLong received = new AtomicLong();
            String cookie = loginCookie(pyra.uiPort());
            for (int b = 0; b < browsers; b++) {
                listeners.add(listen(pyra.uiPort(), cookie, received));
            }
            Thread.sleep(3000);
            LoadGenerator.Result clients = webhooks(pyra, webhookRate, seconds, 20_000);
            long streamed = received.get();
            listeners.forEach(ws -> ws.abort());
            for (int b = 1; b < browsers; b++) {
                drivers.add(browser(pyra.uiPort()));
            }
            for (ChromeDriver driver : drivers) {
                driver.navigate().to("http://127.0.0.1:" + pyra.uiPort() + "/#/groups");
                awaitRows(driver, Math.min(100, views.size()));
            }
            new ProcessBuilder("sh", "-c", "for p in $(pgrep -f chromium); do renice -n 19 -p $p >/dev/null; done").inheritIO().start().waitFor();
            Thread.sleep(3000);
            LoadGenerator.Result together = webhooks(pyra, webhookRate, seconds, 30_000);
            running.set(false);
            events.join();
            System.out.printf("%nWebhook answers at %d/s for %d s (durable, embedded PostgreSQL):%n", webhookRate, seconds);
            System.out.printf("  no browser                                   p50 %7.2f ms  p99 %8.2f ms  failed %d%n", alone.percentileMillis(0.5),
                    alone.percentileMillis(0.99), alone.failures());
            System.out.printf("  %d stream listeners (%,d messages read)      p50 %7.2f ms  p99 %8.2f ms  failed %d%n", browsers, streamed,
                    clients.percentileMillis(0.5), clients.percentileMillis(0.99), clients.failures());
            System.out.printf("  %d headless Chromiums on the same 2 cores    p50 %7.2f ms  p99 %8.2f ms  failed %d%n", drivers.size(),
                    together.percentileMillis(0.5), together.percentileMillis(0.99), together.failures());
            Thread.sleep(2000); // the last orders land before the stop
            drivers.forEach(ChromeDriver::quit);
        }
    }

    /** A logged-in session's cookie, as a browser would hold it. */
    private static String loginCookie(int port) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/session")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String header = answer.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    /** A stream listener that reads every message, as a browser's network stack would. */
    private static java.net.http.WebSocket listen(int port, String cookie, AtomicLong received) {
        return java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/api/v1/stream"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        if (last) {
                            received.incrementAndGet();
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
    }

    private static double num(Map<String, Object> m, String key) {
        Object value = m.get(key);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static String entry(int timeframe, String id) {
        return "{\"secret\":\"" + SECRET + "\",\"exchange\":\"paper\",\"symbol\":\"BTCUSDT\",\"timeframe\":\"" + timeframe
                + "\",\"action\":\"buy\",\"price\":\"60000\",\"id\":\"" + id + "\"}";
    }

    private static LoadGenerator.Result webhooks(PyraServer pyra, int rate, int seconds, int idBase) throws InterruptedException {
        // stored durably and decided by the engine, without growing the groups the page shows (a sell entry with no long is ignored)
        LoadGenerator.Result result = new LoadGenerator("127.0.0.1", pyra.webhookPort(), "/webhook", 32).run(rate, seconds,
                i -> entry(5000 + (i % 1000), "w-" + (idBase + i)).replace("\"buy\"", "\"sell\""), answer -> answer.contains("signalId"));
        long[] sorted = result.latencyNanos().clone();
        Arrays.sort(sorted);
        return new LoadGenerator.Result(sorted, result.failures());
    }

    /** {@code group.updated} at the rate, each a group's view with a new last price and PnL, as a fill or a tick would make it. */
    private static void publish(PyraServer pyra, List<ObjectNode> views, int rate, AtomicBoolean running, AtomicLong published) {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        int i = 0;
        while (running.get()) {
            ObjectNode view = views.get(i++ % views.size()).deepCopy();
            BigDecimal price = new BigDecimal("60000").add(BigDecimal.valueOf(i % 2000 - 1000, 2));
            view.put("lastPrice", price.toPlainString());
            view.put("lastPriceAt", java.time.Instant.now().toString());
            view.put("unrealizedPnl", price.subtract(new BigDecimal("60000")).movePointLeft(3).toPlainString());
            pyra.pyra().feed().publish("group.updated", "group:" + view.get("id").asLong(), view);
            published.incrementAndGet();
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private static ChromeDriver browser(int port) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1440,900",
                "--user-data-dir=" + Files.createTempDirectory("pyra-bench-chromium"));
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build(), options);
        driver.get("http://127.0.0.1:" + port + "/");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("password")).isEmpty());
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        return driver;
    }

    private static void awaitRows(ChromeDriver driver, int rows) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector("#open-groups tbody tr[data-group]")).size() >= rows);
    }

    /** Frame deltas, event-to-paint latency (arrival → the frame after the one that rendered it), long tasks. */
    private static final String MEASURE = """
            const b = window.__bench = { frames: [], paints: [], longTasks: [], pending: [] };
            let last = performance.now();
            const frame = (t) => { b.frames.push(t - last); last = t; requestAnimationFrame(frame); };
            requestAnimationFrame(frame);
            window.pyraStore.addEventListener('message', (e) => { if (e.detail.type === 'group.updated') b.pending.push(performance.now()); });
            window.pyraStore.subscribe(() => {
              const arrived = b.pending; b.pending = [];
              requestAnimationFrame((t) => arrived.forEach((a) => b.paints.push(t - a)));
            });
            new PerformanceObserver((list) => list.getEntries().forEach((e) => b.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
            const pct = (xs, p) => { const s = [...xs].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : null; };
            b.report = () => ({ frames: b.frames.length, frameP50: pct(b.frames, 0.5), frameP99: pct(b.frames, 0.99), frameMax: pct(b.frames, 1),
              events: b.paints.length, paintP50: pct(b.paints, 0.5), paintP99: pct(b.paints, 0.99), paintMax: pct(b.paints, 1),
              longTasks: b.longTasks.length, longestTask: b.longTasks.length ? Math.max(...b.longTasks) : 0,
              gaps: window.pyraStore.connection.gaps });
            """;

    private StreamBenchmark() {}
}
