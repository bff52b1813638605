package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Operating Pyra without editing JSON, through the routes the settings, plugins and webhook pages
 * use: review and preview of a candidate, saving it, restarting on it, backup and restore, the
 * plugin manager, the webhook helper, signal replay with its dry run, password and API token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettingsApiTest {
    private static final String API_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    @TempDir
    static Path dataDir;
    static Scenario scenario;
    static RunningPyra pyra;

    @BeforeAll
    static void start() {
        scenario = Scenario.start(dataDir, """
                {"maxPyramids": 2, "capitalPerPyramid": "1000", "entryOrder": "market",
                 "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1"},
                            {"gapPercent": "1", "weightPercent": "50", "tpPercent": "2"}]}""");
        pyra = scenario.pyra;
        scenario.tick("BTCUSDT", "64000.005");
    }

    @AfterAll
    static void stop() {
        scenario.close();
    }

    private static java.math.BigDecimal d(JsonNode node) {
        return new java.math.BigDecimal(node.asString());
    }

    private static ObjectNode config() {
        ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
        return config;
    }

    private static String preview(JsonNode config, String sample) {
        return "{\"config\": " + config + ", \"sample\": " + sample + "}";
    }

    @Test
    @Order(1)
    void theSchemaOffersTheInstalledChoicesAndSaysWhatEachFieldIs() {
        JsonNode schema = pyra.get("/api/v1/config/schema").json();
        assertThat(schema.at("/properties/engine/properties/takeProfit/properties/mode/x-choices").toString())
                .contains("per-leg", "aggregate", "hybrid");
        assertThat(schema.at("/properties/pool/properties/priorityRules/items/x-choices").toString()).contains("continuation", "fifo");
        assertThat(schema.at("/properties/engine/properties/layers/items/properties/gapPercent/description").asString()).contains("below");
        assertThat(schema.at("/properties/engine/properties/takeProfit/properties/mode/description").asString())
                .as("sent as UTF-8").contains("average entry × (1 + aggregatePercent)");
    }

    @Test
    @Order(2)
    void thePreviewDrawsTheLadderOnTheVenuesRulesAndSavesNothing() throws Exception {
        String before = Files.readString(dataDir.resolve("config.json"));
        ObjectNode candidate = config();
        ((ObjectNode) candidate.at("/engine/layers/1")).put("gapPercent", "2.5");

        JsonNode preview = pyra.post("/api/v1/config/preview", preview(candidate, "{\"exchange\":\"paper\",\"symbol\":\"BTCUSDT\"}")).json();

        assertThat(preview.at("/review/valid").asBoolean()).isTrue();
        assertThat(preview.at("/review/changes/0/path").asString()).isEqualTo("engine.layers[1].gapPercent");
        assertThat(preview.at("/review/changes/0/applies").asString()).isEqualTo("now");
        // the sample price is the paper market's last (64000.005): the entry is a market buy, leg 1 rests 2.5 % below it on the tick
        assertThat(d(preview.at("/sample/price"))).isEqualByComparingTo("64000.005");
        assertThat(preview.at("/ladder/legs/0/type").asString()).isEqualTo("market");
        assertThat(d(preview.at("/ladder/legs/1/price"))).isEqualByComparingTo("62400.00");
        assertThat(d(preview.at("/ladder/legs/1/takeProfit"))).isEqualByComparingTo("63648.00");
        assertThat(d(preview.at("/ladder/rules/tickSize"))).isEqualByComparingTo("0.01");
        assertThat(preview.at("/pool/maxActiveGroups").asInt()).isEqualTo(10);
        assertThat(Files.readString(dataDir.resolve("config.json"))).isEqualTo(before);
    }

    @Test
    @Order(3)
    void anInvalidCandidateGetsTheServersMessagesAndNothingIsSaved() throws Exception {
        String before = Files.readString(dataDir.resolve("config.json"));
        ObjectNode candidate = config();
        ((ObjectNode) candidate.at("/engine/layers/1")).put("weightPercent", "70");
        ((ObjectNode) candidate.path("pool")).put("maxActiveGroups", 0);

        JsonNode preview = pyra.post("/api/v1/config/preview", preview(candidate, "null")).json();
        assertThat(preview.at("/review/valid").asBoolean()).isFalse();
        assertThat(preview.at("/review/errors").toString()).contains("$.pool.maxActiveGroups");
        assertThat(preview.path("ladder").isNull()).isTrue();

        RunningPyra.Response saved = pyra.put("/api/v1/config", candidate.toString());
        assertThat(saved.status()).isEqualTo(400);
        assertThat(saved.json().get("error").asString()).isEqualTo("invalid config: nothing was changed");
        assertThat(Files.readString(dataDir.resolve("config.json"))).isEqualTo(before);

        ((ObjectNode) candidate.path("pool")).put("maxActiveGroups", 10);
        JsonNode weights = pyra.post("/api/v1/config/preview", preview(candidate, "null")).json();
        assertThat(weights.at("/review/errors/0/path").asString()).startsWith("$.engine.layers");
        assertThat(weights.at("/review/errors/0/message").asString()).contains("100");
    }

    @Test
    @Order(4)
    void aSavedLadderIsWhatTheNextSignalUses() {
        ObjectNode candidate = config();
        ((ObjectNode) candidate.at("/engine/layers/1")).put("gapPercent", "2.5");

        RunningPyra.Response saved = pyra.put("/api/v1/config", candidate.toString());

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().get("restartRequired").asBoolean()).isFalse();
        assertThat(saved.json().at("/changes/0/path").asString()).isEqualTo("engine.layers[1].gapPercent");
        scenario.buy("BTCUSDT", "64000");
        JsonNode group = scenario.await(1, g -> g.has("pyramids") && Scenario.state(g, 0, 1).equals("open"));
        // the entry filled at 64000.005 (the market's last): leg 1 rests 2.5 % below, on the tick
        assertThat(d(group.at("/pyramids/0/legs/1/price"))).isEqualByComparingTo("62400.00");
        scenario.exit("BTCUSDT");
    }

    @Test
    @Order(5)
    void aBackupWithoutAPassphraseHoldsNoSecretAndOneWithItRestoresTheKeys() {
        JsonNode stored = pyra.put("/api/v1/keys/binance", "{\"apiKey\": \"binance-key-1234\", \"apiSecret\": \"" + API_SECRET + "\"}").json();
        assertThat(stored.at("/keys/binance/apiSecret/masked").asString()).as("the answer shows the keys just stored").isEqualTo("NhqP…Tj0j");

        RunningPyra.Response plain = pyra.get("/api/v1/config/backup");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).doesNotContain(API_SECRET).doesNotContain("binance-key-1234").contains("\"included\" : false");

        RunningPyra.Response sealed = pyra.post("/api/v1/config/backup", "{\"passphrase\": \"backup passphrase 1\"}");
        assertThat(sealed.body()).doesNotContain(API_SECRET).doesNotContain("binance-key-1234").contains("exchanges.binance.apiSecret");

        // the keys go, then the backup brings them back; a wrong passphrase restores nothing
        pyra.delete("/api/v1/keys/binance");
        RunningPyra.Response wrong = pyra.post("/api/v1/config/restore",
                "{\"backup\": " + sealed.body() + ", \"passphrase\": \"not the passphrase\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asString()).contains("passphrase is wrong");

        JsonNode review = pyra.post("/api/v1/config/restore?dryRun=true",
                "{\"backup\": " + sealed.body() + ", \"passphrase\": \"backup passphrase 1\"}").json();
        assertThat(review.get("secretsIncluded").asBoolean()).isTrue();
        assertThat(review.at("/review/changes").toString()).contains("exchanges.binance.apiSecret").doesNotContain(API_SECRET);
        assertThat(pyra.get("/api/v1/keys").json().at("/keys/binance").isMissingNode()).isTrue();

        RunningPyra.Response restored = pyra.post("/api/v1/config/restore",
                "{\"backup\": " + sealed.body() + ", \"passphrase\": \"backup passphrase 1\"}");
        assertThat(restored.status()).isEqualTo(200);
        assertThat(pyra.get("/api/v1/keys").json().at("/keys/binance/apiSecret/masked").asString()).isEqualTo("NhqP…Tj0j");
        assertThat(pyra.server().pyra().config().keys().get("exchanges.binance.apiSecret").orElseThrow().reveal()).isEqualTo(API_SECRET);
    }

    @Test
    @Order(6)
    void anInvalidBackupIsRefusedWholeWithTheReasons() throws Exception {
        String before = Files.readString(dataDir.resolve("config.json"));
        ObjectNode backup = (ObjectNode) pyra.get("/api/v1/config/backup").json();
        ((ObjectNode) backup.at("/config/pool")).put("maxActiveGroups", -3);

        RunningPyra.Response answer = pyra.post("/api/v1/config/restore", "{\"backup\": " + backup + "}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/errors/0/path").asString()).isEqualTo("$.pool.maxActiveGroups");
        assertThat(Files.readString(dataDir.resolve("config.json"))).isEqualTo(before);
    }

    @Test
    @Order(7)
    void theWebhookHelperShowsTheSecretOnlyToTheUsersPasswordAndSendsATestSignalToPaper() {
        pyra.server().pyra().logins().setPassword("helper password 1".toCharArray());
        JsonNode helper = pyra.get("/api/v1/webhook").json();
        assertThat(helper.get("url").asString()).matches("http://127\\.0\\.0\\.1:\\d+/webhook");
        assertThat(helper.toString()).doesNotContain(RunningPyra.SECRET);
        assertThat(helper.at("/messages/entry").asString()).contains("\"type\": \"entry\"", "YOUR-SECRET", "{{ticker}}");
        assertThat(helper.get("tradingViewAddresses").toString()).contains("52.89.214.238");

        RunningPyra.Response wrong = pyra.post("/api/v1/webhook/reveal", "{\"password\": \"not it at all\"}");
        assertThat(wrong.status()).isEqualTo(401);
        RunningPyra.Response shown = pyra.post("/api/v1/webhook/reveal", "{\"password\": \"helper password 1\"}");
        assertThat(shown.json().get("secret").asString()).isEqualTo(RunningPyra.SECRET);

        RunningPyra.Response test = pyra.post("/api/v1/webhook/test", "{\"symbol\": \"ETHUSDT\", \"price\": \"2000\", \"type\": \"entry\"}");
        assertThat(test.status()).isEqualTo(202);
        assertThat(test.json().get("status").asString()).isEqualTo("executed");
        assertThat(pyra.post("/api/v1/webhook/test", "{\"symbol\": \"ETHUSDT\", \"type\": \"exit\"}").json().get("status").asString())
                .isEqualTo("executed");
    }

    @Test
    @Order(8)
    void aReplaysDryRunShowsTheBodyMaskedAndWhatValidationSaysNow() {
        long id = pyra.get("/api/v1/signals?limit=1").json().at("/signals/0/id").asLong();

        JsonNode check = pyra.post("/api/v1/signals/" + id + "/replay?dryRun=true", "").json();

        assertThat(check.at("/body/secret").asString()).isEqualTo("********");
        assertThat(check.get("verdict").asString()).isEqualTo("duplicate");
        assertThat(check.get("reason").asString()).contains("duplicate of signal " + id);
        assertThat(pyra.get("/api/v1/signals/" + id).json().get("rawBody").asString()).doesNotContain(RunningPyra.SECRET);
    }

    @Test
    @Order(9)
    void aGeneratedApiTokenOpensTheApiUntilItIsRevoked() {
        RunningPyra.Response made = pyra.post("/api/v1/tokens", "");
        assertThat(made.status()).isEqualTo(201);
        String token = made.json().get("token").asString();
        assertThat(pyra.get("/api/v1/keys").json().at("/keys/api/token/masked").asString()).isEqualTo(dev.pyra.core.security.Secret.mask(token));
        assertThat(pyra.withToken(token).get("/api/v1/pool").status()).isEqualTo(200);

        pyra.delete("/api/v1/tokens");
        assertThat(pyra.withToken(token).get("/api/v1/pool").status()).isEqualTo(401);
    }

    @Test
    @Order(10)
    void aPluginJarIsCheckedKeptSwitchedOffAndSwitchedOnAndOffAcrossRestarts() throws Exception {
        byte[] jar = Files.readAllBytes(Path.of("target", "test-plugins", "plugin-template.jar"));
        RunningPyra.Response notAJar = pyra.upload("/api/v1/plugins", "notes.txt", "hello".getBytes());
        assertThat(notAJar.status()).isEqualTo(400);
        assertThat(notAJar.json().get("error").asString()).contains("not a jar file");

        RunningPyra.Response uploaded = pyra.upload("/api/v1/plugins", "plugin-template.jar", jar);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.json().at("/installed/id").asString()).isEqualTo("example-plugin");
        assertThat(uploaded.json().at("/installed/state").asString()).isEqualTo("INSTALLED");
        assertThat(uploaded.json().get("restartRequired").asBoolean()).isTrue();
        assertThat(dataDir.resolve("plugins").resolve("example-plugin-0.1.0-SNAPSHOT.jar")).exists();
        assertThat(pyra.upload("/api/v1/plugins", "again.jar", jar).json().get("error").asString()).contains("installed already");

        restart();
        assertThat(plugin().get("state").asString()).isEqualTo("DISABLED");
        assertThat(pyra.get("/api/v1/extensions").json().toString()).doesNotContain("example-break-even");

        assertThat(pyra.post("/api/v1/plugins/example-plugin/enable", "").status()).isEqualTo(200);
        assertThat(plugin().get("pendingRestart").asBoolean()).isTrue();
        restart();
        assertThat(plugin().get("state").asString()).isEqualTo("STARTED");
        assertThat(plugin().get("extensionPoints").toString()).contains("TakeProfitMode", "ExchangeConnectorFactory");
        assertThat(pyra.get("/api/v1/extensions").json().at("/takeProfitModes").toString()).contains("example-break-even", "example-plugin");

        assertThat(pyra.post("/api/v1/plugins/example-plugin/disable", "").status()).isEqualTo(200);
        restart();
        assertThat(plugin().get("state").asString()).isEqualTo("DISABLED");
        assertThat(pyra.get("/api/v1/health").json().at("/plugins/failed").asInt()).isZero();
    }

    @Test
    @Order(11)
    void aPluginWhoseTakeProfitModeIsInUseCannotBeSwitchedOff() {
        pyra.post("/api/v1/plugins/example-plugin/enable", "");
        restart();
        ObjectNode candidate = config();
        ((ObjectNode) candidate.at("/engine/takeProfit")).put("mode", "example-break-even");
        assertThat(pyra.put("/api/v1/config", candidate.toString()).status()).isEqualTo(200);

        RunningPyra.Response refused = pyra.post("/api/v1/plugins/example-plugin/disable", "");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asString()).contains("take-profit mode 'example-break-even'", "engine.takeProfit.mode");
        ((ObjectNode) candidate.at("/engine/takeProfit")).put("mode", "per-leg");
        pyra.put("/api/v1/config", candidate.toString());
    }

    @Test
    @Order(99)
    void aboutSaysWhichBuildWhichJavaAndThatNothingChecksForUpdates() {
        JsonNode system = pyra.get("/api/v1/system").json();
        assertThat(system.get("commit").asString()).matches("[0-9a-f]{40}|unknown");
        assertThat(system.get("javaHome").asString()).isEqualTo(System.getProperty("java.home"));
        assertThat(system.get("java").asString()).startsWith(Runtime.version().toString());
        assertThat(system.get("updateCheck").asString()).isEqualTo("off");
        assertThat(system.get("pluginDirs")).isNotNull();
    }

    private static JsonNode plugin() {
        for (JsonNode plugin : pyra.get("/api/v1/plugins").json().get("plugins")) {
            if (plugin.get("id").asString().equals("example-plugin")) {
                return plugin;
            }
        }
        throw new AssertionError("no example-plugin in " + pyra.get("/api/v1/plugins").body());
    }

    /** Through the API, as the settings page does: the answer first, then the engine stops and starts on the same port. */
    private static void restart() {
        Instant before = Instant.parse(pyra.get("/api/v1/system").json().get("startedAt").asString());
        RunningPyra.Response asked = pyra.post("/api/v1/config/apply", "");
        assertThat(asked.status()).isEqualTo(202);
        pyra.awaitRestartedAfter(before);
    }
}
