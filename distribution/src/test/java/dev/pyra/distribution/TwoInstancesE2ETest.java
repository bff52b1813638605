package dev.pyra.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two real Pyra processes, each with its own data directory, against one PostgreSQL: the second
 * refuses to start and says who holds the database, or with {@code --standby} waits and takes
 * over within seconds once the first is killed with {@code kill -9}, restoring its open group.
 */
class TwoInstancesE2ETest {
    private static final Path PYRA = Path.of(System.getProperty("pyra.distribution", "target/pyra"));
    private static final String SECRET = "two-instances-secret";
    private static final String TOKEN = "two-instances-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    @TempDir
    Path dirs;

    @AfterEach
    void stopAll() throws Exception {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private record Instance(Process process, int uiPort, int webhookPort, Path dataDir) {
        String console() throws IOException {
            return Files.readString(dataDir.resolve("console.log"));
        }
    }

    private Instance launch(String name, String jdbcUrl, boolean standby) throws IOException {
        Path dataDir = Files.createDirectories(dirs.resolve(name));
        int ui = freePort();
        int webhook = freePort();
        List<String> command = new ArrayList<>(List.of(PYRA.resolve("bin/pyra").toString(), "--data-dir", dataDir.toString(),
                "--ui-port", Integer.toString(ui), "--webhook-port", Integer.toString(webhook)));
        if (standby) {
            command.add("--standby");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PYRA_AOT", "off"); // no start-up cache: these tests kill and restart (aStartAndAStop… tests it)
        builder.environment().put("PYRA_WEBHOOK_SECRET", SECRET);
        builder.environment().put("PYRA_API_TOKEN", TOKEN);
        builder.environment().put("PYRA_JDBC_URL", jdbcUrl);
        Process process = builder.start();
        processes.add(process);
        return new Instance(process, ui, webhook, dataDir);
    }

    private boolean healthy(Instance instance) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.uiPort() + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String groups(Instance instance) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.uiPort() + "/api/v1/groups"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aSecondInstanceRefusesTheDatabaseOrStandsByAndTakesOverAfterKillDashNine() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Instance first = launch("first", url, false);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> healthy(first));
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.uiPort() + "/api/v1/paper/ticks"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"symbol\":\"BTCUSDT\",\"price\":\"64000\"}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> entry = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.webhookPort() + "/webhook"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"secret":"%s","exchange":"paper","symbol":"BTCUSDT","timeframe":"60","action":"buy","price":"64000","id":"two-1"}"""
                            .formatted(SECRET))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(entry.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> groups(first).contains("\"status\":\"live\""));

            Instance second = launch("second", url, false);
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as("the second instance exits").isTrue();
            assertThat(second.process().exitValue()).isNotZero();
            assertThat(second.console()).contains("Another Pyra is already trading on this database",
                    "pid " + first.process().pid(), "--standby");

            Instance standby = launch("standby", url, true);
            // a loaded machine may take a while to start the JVM: wait for the standby to say it waits, not a fixed time
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> standby.console().contains("Standby: another Pyra holds the database lock"));
            assertThat(standby.console()).contains("pid " + first.process().pid());
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(standby.process().isAlive()).isTrue();
            assertThat(healthy(standby)).as("a standby does not serve while the first trades").isFalse();

            first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: its session dies with it
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> healthy(standby));
            long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(standby.console()).contains("Standby over");
            assertThat(JSON.readTree(groups(standby)).get("groups").findValuesAsString("symbol")).containsExactly("BTCUSDT");
            System.out.println("standby took over " + takeoverMillis + " ms after kill -9 of the first instance");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
