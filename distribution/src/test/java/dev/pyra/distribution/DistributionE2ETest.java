package dev.pyra.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The assembled distribution as a user runs it: {@code bin/pyra} in paper mode with its embedded
 * PostgreSQL, killed with {@code kill -9}, restarted, given a plugin built from the template.
 */
class DistributionE2ETest {
    private static final Path PYRA = Path.of(System.getProperty("pyra.distribution", "target/pyra"));
    private static final String SECRET = "e2e-webhook-secret";
    private static final String TOKEN = "e2e-api-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    @TempDir
    Path dataDir;
    private Process process;
    private int uiPort;
    private int webhookPort;

    @AfterEach
    void stopPyra() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsSurvivesKillDashNineAndLoadsADroppedInPlugin() throws Exception {
        uiPort = freePort();
        webhookPort = freePort();

        start();
        assertThat(get("/").body()).contains("<title>Pyra</title>");
        JsonNode health = json(get("/api/v1/health"));
        assertThat(health.get("status").asString()).isEqualTo("up");
        assertThat(health.at("/database/embedded").asBoolean()).isTrue();
        assertThat(health.at("/venues/paper/status").asString()).isEqualTo("up");
        assertThat(pluginIds()).contains("exchange-paper", "strategies-standard", "exchange-binance", "exchange-bybit", "exchange-okx",
                "exchange-kucoin", "exchange-mexc", "exchange-gateio");
        // the plugin manager's view: every bundled venue, paper running simulated, the real ones off on mainnet
        JsonNode venues = json(get("/api/v1/plugins")).get("venues");
        assertThat(venues.findValuesAsString("venue")).contains("paper", "binance", "bybit", "okx", "kucoin", "mexc", "gateio");
        for (JsonNode venue : venues) {
            String expected = venue.get("venue").asString().equals("paper") ? "simulated" : "mainnet";
            assertThat(venue.get("network").asString()).as(venue.toString()).isEqualTo(expected);
        }

        HttpResponse<String> answer = webhook("""
                {"secret":"%s","exchange":"paper","symbol":"BINANCE:BTCUSDT","timeframe":"60","action":"buy",
                 "position":"long","type":"entry","price":"64000.10","id":"e2e-1"}""".formatted(SECRET));
        assertThat(answer.statusCode()).isEqualTo(202);
        long signalId = JSON.readTree(answer.body()).get("signalId").asLong();

        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no shutdown hook runs
        Path template = templatePluginJar();
        Files.copy(template, dataDir.resolve("plugins").resolve(template.getFileName()));
        Files.writeString(dataDir.resolve("plugins").resolve("broken-plugin.jar"), "not a jar");

        start();
        JsonNode signals = json(get("/api/v1/signals")).get("signals");
        assertThat(signals.findValuesAsString("clientId")).containsExactly("e2e-1");
        JsonNode duplicate = JSON.readTree(webhook("""
                {"secret":"%s","exchange":"paper","symbol":"BTCUSDT","timeframe":"60","action":"buy","price":"64000.10","id":"e2e-1"}"""
                .formatted(SECRET)).body());
        assertThat(duplicate.get("duplicate").asBoolean()).isTrue();
        assertThat(duplicate.get("signalId").asLong()).isEqualTo(signalId);

        JsonNode plugins = json(get("/api/v1/plugins")).get("plugins");
        JsonNode example = find(plugins, "example-plugin");
        assertThat(example.get("state").asString()).isEqualTo("STARTED");
        assertThat(example.get("extensionPoints").toString()).contains("TakeProfitMode");
        JsonNode broken = find(plugins, "broken-plugin.jar");
        assertThat(broken.get("state").asString()).isEqualTo("FAILED");
        assertThat(broken.get("error").asString()).isNotBlank();
        assertThat(json(get("/api/v1/health")).at("/database/status").asString()).isEqualTo("up");

        // SIGTERM: a clean stop; PostgreSQL shuts down with it and releases its data directory
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dataDir.resolve("pgdata").resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aStartAndAStopLogNoWarningAndTheNextStartUsesTheStartUpCache() throws Exception {
        Path cache = dataDir.resolve("cache");
        java.util.Map<String, String> environment = withOwnCache(cache);

        long first = System.nanoTime();
        start(environment);
        long firstMillis = (System.nanoTime() - first) / 1_000_000;
        process.destroy(); // SIGTERM; the first run writes the start-up cache as it exits
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> files = Files.list(cache.resolve("pyra"))) {
            // the cache, and the mark that the run which recorded it came up
            assertThat(files.map(f -> f.getFileName().toString().replaceAll("[0-9]+", "N"))).containsExactlyInAnyOrder("pyra-N.aot", "pyra-N.aot.ok");
        }
        long second = System.nanoTime();
        start(environment);
        long secondMillis = (System.nanoTime() - second) / 1_000_000;
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.printf("healthy after %d ms (first start: a new data directory, and the cache made), %d ms (with the cache)%n",
                firstMillis, secondMillis);

        List<String> logged = new java.util.ArrayList<>(Files.readAllLines(dataDir.resolve("console.log")));
        try (Stream<Path> logs = Files.list(dataDir.resolve("logs"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log") && !f.getFileName().toString().startsWith("postgresql")).toList()) {
                logged.addAll(Files.readAllLines(log));
            }
        }
        assertThat(logged).as("a start and a stop log no warning and no error").noneMatch(line -> line.contains(" WARN ")
                || line.contains(" ERROR ") || line.contains("[warning]") || line.contains("Exception"));
        assertThat(logged).anyMatch(line -> line.contains("Pyra stopped"));
    }

    @Test
    void aStartThatFailsLeavesNoStartUpCacheForLaterStarts() throws Exception {
        Path cache = dataDir.resolve("cache");
        java.util.Map<String, String> environment = withOwnCache(cache);
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("config.json"), "{ \"pool\": "); // a typo: Pyra refuses to start
        launch(environment);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        try (Stream<Path> files = Files.list(cache.resolve("pyra"))) {
            // the JVM wrote what it saw of a run that ended at the config: no mark, so no later start uses it
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".ok"));
        }

        Files.delete(dataDir.resolve("config.json"));
        start(environment); // records the cache again, and this run comes up
        process.destroy();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> files = Files.list(cache.resolve("pyra"))) {
            assertThat(files.map(f -> f.getFileName().toString().replaceAll("[0-9]+", "N"))).containsExactlyInAnyOrder("pyra-N.aot", "pyra-N.aot.ok");
        }
        // both runs recorded a cache: the second did not use the first's
        assertThat(Files.readString(dataDir.resolve("console.log")).split("AOTCache creation is complete", -1)).hasSize(3);
    }

    @Test
    void theBundledJavaRuntimeRunsAndStaysUnder120Megabytes() throws Exception {
        Path runtime = PYRA.resolve("runtime");
        long bytes;
        try (Stream<Path> files = Files.walk(runtime)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(bytes).as("the jlinked runtime, unpacked").isLessThan(120L * 1024 * 1024);
        Process version = new ProcessBuilder(runtime.resolve("bin/java").toString(), "-version").redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("version \"25");
    }

    @Test
    void noPluginJarBundlesTheHostsOwnClasses() throws IOException {
        try (Stream<Path> jars = Files.list(PYRA.resolve("plugins"))) {
            List<Path> plugins = jars.toList();
            assertThat(plugins).hasSizeGreaterThanOrEqualTo(8);
            for (Path plugin : plugins) {
                try (JarFile jar = new JarFile(plugin.toFile())) {
                    assertThat(jar.stream().map(e -> e.getName()))
                            .as(plugin.getFileName().toString())
                            .noneMatch(name -> name.startsWith("dev/pyra/api/") || name.startsWith("org/pf4j/")
                                    || name.startsWith("org/slf4j/") || name.startsWith("ch/qos/logback/"))
                            .contains("META-INF/extensions.idx");
                    assertThat(jar.getManifest().getMainAttributes().getValue("Plugin-Id")).isNotBlank();
                }
            }
        }
        assertThat(PYRA.resolve("bin/pyra")).isExecutable();
        assertThat(PYRA.resolve("bin/pyra.cmd")).exists();
    }

    @Test
    void helpListsTheContractFlags() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PYRA.resolve("bin/pyra").toString(), "--help").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process help = builder.start();
        String out = new String(help.getInputStream().readAllBytes());
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("--data-dir", "--config", "--ui-port", "--webhook-port", "--webhook-bind", "--help");
    }

    /** Ports of its own, and bin/pyra's start-up cache in {@code cache}: the environment for {@link #start(java.util.Map)}. */
    private java.util.Map<String, String> withOwnCache(Path cache) throws IOException {
        uiPort = freePort();
        webhookPort = freePort();
        return java.util.Map.of("XDG_CACHE_HOME", cache.toString());
    }

    private void start() {
        start(java.util.Map.of("PYRA_AOT", "off")); // no start-up cache: this test kills and restarts (the next one tests the cache)
    }

    private void start(java.util.Map<String, String> environment) {
        launch(environment);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get("/api/v1/health").statusCode() == 200);
    }

    private void launch(java.util.Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(PYRA.resolve("bin/pyra").toString(),
                "--data-dir", dataDir.toString(), "--ui-port", Integer.toString(uiPort), "--webhook-port", Integer.toString(webhookPort))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PYRA_WEBHOOK_SECRET", SECRET);
        builder.environment().put("PYRA_API_TOKEN", TOKEN);
        builder.environment().remove("PYRA_JDBC_URL");
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The plugin built from plugin-template: a test dependency, so it is on this test's class path. */
    private static Path templatePluginJar() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains("plugin-template") && entry.endsWith(".jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the plugin-template jar is not on the test class path"));
    }

    private List<String> pluginIds() throws Exception {
        return json(get("/api/v1/plugins")).get("plugins").findValuesAsString("id");
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode plugin : plugins) {
            if (plugin.get("id").asString().equals(id)) {
                return plugin;
            }
        }
        throw new AssertionError("no plugin " + id + " in " + plugins);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> webhook(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort + "/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
