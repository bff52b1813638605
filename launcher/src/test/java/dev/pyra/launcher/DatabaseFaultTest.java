package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The embedded PostgreSQL killed under load: webhooks answer 202 or a clear 503 within 2 s
 * (TradingView gives up after 3), never anything else; Pyra starts the database again by itself,
 * says so in health and the log, writes what it held; every acknowledged signal is stored exactly
 * once and decided, and the engine trades again without anyone restarting it.
 */
class DatabaseFaultTest {
    private static final Duration ANSWER_WITHIN = Duration.ofMillis(2_000);

    @TempDir
    Path dataDir;

    record Answer(int status, long millis, String body) {}

    @Test
    void killedPostgresIsStartedAgainAndNothingAcknowledgedIsLost() throws Exception {
        RunningPyra pyra = RunningPyra.startWithEmbeddedDatabase(dataDir);
        try (Scenario s = new Scenario(pyra)) {
            pyra.put("/api/v1/config", configWith(pyra.get("/api/v1/config").json()));
            s.ticks("""
                    [{"symbol":"BTCUSDT","price":"60000"},{"symbol":"ETHUSDT","price":"2000"},{"symbol":"SOLUSDT","price":"150"}]""");
            assertThat(s.buy("BTCUSDT", "60000").get("status").asString()).isEqualTo("executed");

            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread sender = Thread.ofPlatform().name("fault-sender").start(() -> {
                for (int i = 0; sending.get(); i++) {
                    String body = """
                            {"secret":"%s","exchange":"paper","symbol":"ETHUSDT","timeframe":"60","action":"buy","type":"entry",
                             "price":"2000","id":"fault-%d"}""".formatted(RunningPyra.SECRET, i);
                    long start = System.nanoTime();
                    RunningPyra.Response answer = pyra.webhook(body);
                    answers.add(new Answer(answer.status(), (System.nanoTime() - start) / 1_000_000, answer.body()));
                    sleep(20);
                }
            });
            sleep(500);

            // health, watched from before the fault to after it
            List<Integer> healthSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread watcher = Thread.ofPlatform().name("fault-health").start(() -> {
                while (sending.get()) {
                    record(healthSeen, pyra.getWithoutToken("/api/v1/health").status());
                    sleep(25);
                }
            });
            ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(
                    Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid"), StandardCharsets.US_ASCII).getFirst().trim())).orElseThrow();
            postmaster.destroyForcibly(); // SIGKILL, as the OOM killer would

            Awaitility.await("health says down").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> healthSeen.contains(503));
            Awaitility.await("the database back by itself").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> healthSeen.getLast() == 200);
            System.out.println("DatabaseFaultTest: health answers seen " + healthSeen);
            sleep(1_000);
            sending.set(false);
            sender.join();
            watcher.join();

            List<Answer> all = new ArrayList<>(answers);
            long accepted = all.stream().filter(a -> a.status() == 202).count();
            long refused = all.stream().filter(a -> a.status() == 503).count();
            long slowest = all.stream().mapToLong(Answer::millis).max().orElse(0);
            System.out.printf("DatabaseFaultTest: %d webhooks, %d accepted, %d refused with 503, slowest answer %d ms%n",
                    all.size(), accepted, refused, slowest);
            assertThat(all).allSatisfy(a -> assertThat(a.status()).as(a.body()).isIn(202, 503));
            assertThat(all).allSatisfy(a -> assertThat(a.millis()).as("answered within 2 s: " + a).isLessThan(ANSWER_WITHIN.toMillis()));
            assertThat(refused).as("some webhooks met the dead database").isPositive();
            assertThat(all.stream().filter(a -> a.status() == 503)).allSatisfy(a -> assertThat(a.body()).contains("not accepted"));

            // every acknowledged signal is stored once and decided
            Set<Long> acked = new HashSet<>();
            all.stream().filter(a -> a.status() == 202).forEach(a -> acked.add(new RunningPyra.Response(202, a.body()).json().get("signalId").asLong()));
            assertThat(acked).hasSize((int) accepted);
            Awaitility.await("every acknowledged signal decided").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        for (long id : acked) {
                            RunningPyra.Response signal = pyra.get("/api/v1/signals/" + id);
                            assertThat(signal.status()).as("signal " + id).isEqualTo(200);
                            assertThat(signal.json().get("status").asString()).as("signal " + id).isNotEqualTo("received");
                        }
                    });

            // the engine trades again without a restart
            JsonNode after = s.buy("SOLUSDT", "150");
            assertThat(after.get("status").asString()).isEqualTo("executed");
            JsonNode database = pyra.getWithoutToken("/api/v1/health").json().get("database");
            assertThat(database.get("restarts").asInt()).as("health says the database was started again").isEqualTo(1);
            assertThat(database.get("restarting").asBoolean()).isFalse();

            // and what it wrote survives a restart: the group opened before the fault is there, once
            pyra.restart();
            JsonNode groups = pyra.get("/api/v1/groups").json().get("groups");
            assertThat(groups.valueStream().filter(g -> g.get("symbol").asString().equals("BTCUSDT")).count()).isEqualTo(1);
        }
    }

    private static String configWith(JsonNode config) {
        tools.jackson.databind.node.ObjectNode engine = (tools.jackson.databind.node.ObjectNode) config.get("engine");
        engine.put("maxPyramids", 1);
        engine.put("capitalPerPyramid", "100");
        engine.put("entryOrder", "market");
        ((tools.jackson.databind.node.ObjectNode) config.get("pool")).put("maxActiveGroups", 10);
        return config.toString();
    }

    private static int record(List<Integer> seen, int status) {
        if (seen.isEmpty() || seen.getLast() != status) {
            seen.add(status);
        }
        return status;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
