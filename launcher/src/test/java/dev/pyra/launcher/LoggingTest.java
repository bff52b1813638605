package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.pyra.core.Json;
import dev.pyra.core.config.Environment;
import dev.pyra.core.config.PyraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pyra's own logging (the bundled logback.xml) under a data directory: categories, the log API
 * and its export, rotation and retention applied from the config without a restart, and no key
 * anywhere Pyra writes or answers.
 */
class LoggingTest {
    private static final PyraConfig.Logging SMALL = new PyraConfig.Logging("INFO", 1, 14, 1024);

    @TempDir
    Path dataDir;

    @AfterEach
    void backToTheTestLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LoggingTest.class.getResource("/logback-test.xml"));
    }

    private Path logs() {
        return dataDir.toAbsolutePath().resolve("logs");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theLogApiFiltersPagesAndExportsEveryCategory() {
        LogSetup.configure(logs(), SMALL);
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"60000\"}]");
            long signal = pyra.webhook(WebhookContractTest.entry("log-1")).json().get("signalId").asLong();
            pyra.webhook(WebhookContractTest.entry("log-2").replace(RunningPyra.SECRET, "wrong"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pyra.get("/api/v1/logs?category=order&q=bought").json()
                    .get("entries").size() > 0);

            JsonNode order = pyra.get("/api/v1/logs?category=order&limit=50").json();
            assertThat(order.get("entries")).isNotEmpty().allMatch(e -> e.get("category").asString().equals("order"));
            JsonNode bought = pyra.get("/api/v1/logs?q=bought").json().get("entries").get(0);
            assertThat(bought.get("message").asString()).contains("Group 1 leg 0/0 bought").contains("@ 60000");
            assertThat(bought.get("correlationId").asString()).isEqualTo("signal-" + signal);
            assertThat(bought.at("/fields/groupId").asString()).isEqualTo("1");
            assertThat(pyra.get("/api/v1/logs?groupId=1").json().get("entries")).isNotEmpty()
                    .allMatch(e -> e.at("/fields/groupId").asString().equals("1"));
            JsonNode refused = pyra.get("/api/v1/logs?category=webhook&level=WARN").json().get("entries");
            assertThat(refused).anyMatch(e -> e.get("message").asString().contains("refused (401)"));
            assertThat(refused).allMatch(e -> e.get("level").asString().matches("WARN|ERROR"));

            // paging: the next page starts where this one ended, newest first, nothing twice
            JsonNode first = pyra.get("/api/v1/logs?limit=3").json();
            JsonNode second = pyra.get("/api/v1/logs?limit=3&before=" + first.get("next").asString()).json();
            assertThat(second.get("entries").get(0).get("at").asString()).isLessThanOrEqualTo(first.get("entries").get(2).get("at").asString());
            assertThat(second.get("entries").toString()).doesNotContain(first.get("entries").get(2).get("cursor").asString());
            assertThat(pyra.get("/api/v1/logs?from=2099-01-01T00:00:00Z").json().get("entries")).isEmpty();
            assertThat(pyra.get("/api/v1/logs?category=everything").status()).isEqualTo(400);
            assertThat(pyra.get("/api/v1/logs?from=yesterday").status()).isEqualTo(400);

            RunningPyra.Response csv = pyra.get("/api/v1/logs/export?format=csv&category=order");
            assertThat(csv.status()).isEqualTo(200);
            String[] lines = csv.body().split("\r\n");
            assertThat(lines[0]).isEqualTo("at,level,category,message,correlationId,fields");
            assertThat(lines).hasSizeGreaterThan(2);
            assertThat(lines[1].split(",")[2]).isEqualTo("order");
            RunningPyra.Response json = pyra.get("/api/v1/logs/export?format=json&q=bought");
            assertThat(json.json()).isNotEmpty().allMatch(e -> e.get("message").asString().contains("bought"));
            assertThat(pyra.get("/api/v1/logs/export?format=xml").status()).isEqualTo(400);
        }
    }

    @Test
    void filesRotateBySizeAndOldOnesAreRemovedAfterTheConfiguredDaysAndTotalSize() throws Exception {
        // an archive from 20 days ago: beyond maxHistory 14, removed when logging starts
        LocalDate old = LocalDate.now(ZoneId.systemDefault()).minusDays(20);
        Files.createDirectories(logs());
        Files.writeString(logs().resolve("order." + old + ".0.log"), "an old day\n");
        Files.writeString(logs().resolve("pyra." + old + ".0.jsonl"), "{}\n");
        LogSetup.configure(logs(), SMALL);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(logs().resolve("order." + old + ".0.log")));

        Logger order = LoggerFactory.getLogger("pyra.order");
        String filler = "x".repeat(400);
        for (int i = 0; i < 8_000; i++) { // about 3.5 MB: past the 1 MB rotation size three times over
            order.info("Group 9 leg 0/{} bought 0.001 @ 60000 {}", i, filler);
        }
        List<String> files = names(logs());
        assertThat(files).contains("order.log", "pyra.jsonl");
        String today = LocalDate.now(ZoneId.systemDefault()).toString();
        assertThat(files).contains("order." + today + ".0.log", "order." + today + ".1.log", "pyra." + today + ".0.jsonl");
        assertThat(Files.size(logs().resolve("order." + today + ".0.log"))).isBetween(900_000L, 1_200_000L);

        // retention changed through the config: applied without a restart, the oldest files go first
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
            ((ObjectNode) config.get("logging")).put("totalSizeCapMb", 2);
            assertThat(pyra.put("/api/v1/config", config.toString()).status()).isEqualTo(200);
            for (int i = 0; i < 4_000; i++) {
                order.info("Group 9 leg 1/{} bought 0.001 @ 60000 {}", i, filler);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> archivedSize("order.") <= 2 * 1024 * 1024 + 200_000);
            assertThat(names(logs())).doesNotContain("order." + today + ".0.log");
        }
    }

    private long archivedSize(String prefix) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(logs())) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && !p.getFileName().toString().equals(prefix + "log")).toList()) {
                total += Files.size(file);
            }
        }
        return total;
    }

    /** Every answer of a scenario with keys, every log line at DEBUG, the config, backup and database: no key in clear. */
    @Test
    void noKeyAppearsInAnyLogAnswerOrFile() throws Exception {
        String apiKey = "LeakCanaryApiKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL";
        String apiSecret = "LeakCanarySecret0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJK";
        LogSetup.configure(logs(), new PyraConfig.Logging("DEBUG", 20, 14, 1024));
        List<String> answers = new ArrayList<>();
        String jdbcUrl;
        try (RunningPyra pyra = RunningPyra.start(dataDir, Map.of(Environment.WEBHOOK_SECRET, RunningPyra.SECRET))) {
            jdbcUrl = pyra.jdbcUrl;
            ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
            // a real venue with the keys, pointed at a port where nothing answers: its errors are logged
            ((ObjectNode) config.get("exchanges")).putObject("binance").put("enabled", true).put("baseUrl", "http://127.0.0.1:9")
                    .put("apiKey", apiKey).put("apiSecret", apiSecret);
            answers.add(pyra.put("/api/v1/config", config.toString()).body());
            answers.add(pyra.put("/api/v1/keys/binance", "{\"apiKey\":\"" + apiKey + "\",\"apiSecret\":\"" + apiSecret + "\"}").body());
            answers.add(pyra.put("/api/v1/keys/binance", "{\"apiKey\":\"" + apiKey + "\",\"apiSecret\":\"" + apiSecret + "\"}").body());
            answers.add(pyra.get("/api/v1/keys").body());
            answers.add(pyra.get("/api/v1/config").body());
            answers.add(pyra.get("/api/v1/plugins").body());
            answers.add(pyra.get("/api/v1/venues").body());
            answers.add(pyra.get("/api/v1/health").body());
            answers.add(pyra.put("/api/v1/config", "{\"exchanges\": {\"binance\": {\"apiKey\": 5}}}").body());
            answers.add(pyra.get("/api/v1/venues/binance/balances").body());
            pyra.restart(); // the venue starts with its keys: it signs (and fails) with them
            answers.add(pyra.get("/api/v1/venues/binance/balances").body());
            answers.add(pyra.get("/api/v1/logs?limit=1000").body());
            answers.add(pyra.get("/api/v1/logs/export?format=csv").body());
            answers.add(pyra.get("/api/v1/signals").body());
            answers.add(pyra.get("/api/v1/health").body());
        }
        for (String answer : answers) {
            assertThat(answer).doesNotContain(apiKey, apiSecret);
        }
        List<Path> written;
        try (Stream<Path> files = Files.walk(dataDir)) {
            written = files.filter(Files::isRegularFile).filter(p -> !p.startsWith(dataDir.resolve("pgdata"))).toList();
        }
        assertThat(written).extracting(p -> p.getFileName().toString()).contains("pyra.jsonl", "system.log", "config.json", "keystore.json");
        for (Path file : written) {
            assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain(apiKey, apiSecret, apiKey.substring(0, 20), apiSecret.substring(0, 20));
        }
        assertThat(Files.readString(logs().resolve("pyra.jsonl"))).contains("binance");
        // nor in any text column of the database
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl); var statement = connection.createStatement();
                var columns = statement.executeQuery("select table_name, column_name from information_schema.columns "
                        + "where table_schema = 'public' and data_type in ('text', 'jsonb', 'character varying')")) {
            List<String[]> all = new ArrayList<>();
            while (columns.next()) {
                all.add(new String[] {columns.getString(1), columns.getString(2)});
            }
            assertThat(all).isNotEmpty();
            for (String[] column : all) {
                try (var check = connection.createStatement(); var found = check.executeQuery("select count(*) from \"" + column[0]
                        + "\" where \"" + column[1] + "\"::text like '%LeakCanary%'")) {
                    found.next();
                    assertThat(found.getInt(1)).as("%s.%s", column[0], column[1]).isZero();
                }
            }
        }
    }

    static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }
}
