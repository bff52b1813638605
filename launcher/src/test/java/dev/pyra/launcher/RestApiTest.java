package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.config.Environment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** /api/v1 and the web app, on a Pyra that generated its own webhook secret. */
class RestApiTest {
    @TempDir
    static Path dataDir;
    static RunningPyra pyra;

    @BeforeAll
    static void start() {
        pyra = RunningPyra.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        pyra.close();
    }

    @Test
    void healthReportsDatabasePluginsAndVenues() {
        RunningPyra.Response answer = pyra.get("/api/v1/health");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode health = answer.json();
        assertThat(health.get("status").asString()).isEqualTo("up");
        assertThat(health.at("/database/status").asString()).isEqualTo("up");
        assertThat(health.at("/database/version").asString()).startsWith("1");
        assertThat(health.at("/venues/paper/status").asString()).isEqualTo("up");
        assertThat(health.at("/venues/paper/symbols").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(health.at("/plugins/failed").asInt()).isZero();
    }

    @Test
    void theWebAppIsServed() {
        RunningPyra.Response page = pyra.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Pyra</title>").contains("/app/main.js").contains("type=\"importmap\"");
        assertThat(pyra.get("/app/main.js").status()).isEqualTo(200);
        // the libraries come from the jars (WebJars), named by the page's import map: nothing from a CDN
        assertThat(pyra.get("/webjars/lit/3.3.2/index.js").status()).isEqualTo(200);
        assertThat(pyra.get("/webjars/lit-html/3.3.2/lit-html.js").status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("https://", "http://");
    }

    @Test
    void theGeneratedSecretIsInTheKeyStoreNeverInTheConfigFileNorInAnApiAnswer() throws Exception {
        String secret = pyra.server().pyra().config().config().webhook().secret();
        assertThat(secret).isNotBlank();
        assertThat(java.nio.file.Files.readString(dataDir.resolve("config.json"))).doesNotContain(secret);
        assertThat(java.nio.file.Files.readString(dataDir.resolve("keystore.json"))).doesNotContain(secret);
        RunningPyra.Response config = pyra.get("/api/v1/config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).doesNotContain(secret);
        assertThat(config.json().at("/webhook/secret").asString()).isEqualTo(dev.pyra.core.security.Secret.mask(secret));
        assertThat(pyra.get("/api/v1/keys").json().at("/keys/webhook/secret/masked").asString()).isEqualTo(dev.pyra.core.security.Secret.mask(secret));
    }

    @Test
    void aWebhookWithTheGeneratedSecretIsAccepted() {
        String secret = pyra.server().pyra().config().config().webhook().secret();
        String body = WebhookContractTest.entry("generated-1").replace(RunningPyra.SECRET, secret);
        assertThat(pyra.webhook(body).status()).isEqualTo(202);
        assertThat(pyra.webhook(WebhookContractTest.entry("generated-2")).status()).isEqualTo(401);
    }

    @Test
    void theSchemaIsServed() {
        RunningPyra.Response schema = pyra.get("/api/v1/config/schema");
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.json().get("$schema").asString()).contains("2020-12");
        assertThat(schema.json().at("/properties/webhook/properties/maxLagSeconds/default").asInt()).isEqualTo(60);
    }

    @Test
    void anInvalidConfigIsRefusedWithEveryPathAndTheOldOneStays() {
        ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
        ((ObjectNode) config.get("webhook")).put("maxLagSeconds", -1);
        ((ObjectNode) config.get("logging")).put("level", "CHATTY");

        RunningPyra.Response answer = pyra.put("/api/v1/config", config.toString());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").findValuesAsString("path"))
                .contains("$.webhook.maxLagSeconds", "$.logging.level");
        assertThat(pyra.get("/api/v1/config").json().at("/webhook/maxLagSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void aValidConfigChangeIsAppliedAndSaysWhetherARestartIsNeeded() {
        ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
        String secret = pyra.server().pyra().config().config().webhook().secret();
        ((ObjectNode) config.get("webhook")).put("maxLagSeconds", 120);

        RunningPyra.Response answer = pyra.put("/api/v1/config", config.toString());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("restartRequired").asBoolean()).isFalse();
        assertThat(pyra.get("/api/v1/config").json().at("/webhook/maxLagSeconds").asInt()).isEqualTo(120);
        assertThat(pyra.server().pyra().config().config().webhook().secret()).isEqualTo(secret);
        ((ObjectNode) config.get("webhook")).put("maxLagSeconds", 60);
        assertThat(pyra.put("/api/v1/config", config.toString()).status()).isEqualTo(200);
    }

    @Test
    void malformedConfigJsonIs400() {
        RunningPyra.Response answer = pyra.put("/api/v1/config", "{\"webhook\": ");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("field").asString()).isEqualTo("body");
    }

    @Test
    void paperTicksMoveTheMarketAndBadTicksAreRefusedWhole() {
        assertThat(pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"64000.10\"}]").json().get("applied").asInt())
                .isEqualTo(1);

        RunningPyra.Response unknown = pyra.post("/api/v1/paper/ticks",
                "[{\"symbol\":\"BTCUSDT\",\"price\":\"64000.10\"},{\"symbol\":\"NOPE\",\"price\":\"1\"}]");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asString()).isEqualTo("$[1].symbol");

        RunningPyra.Response badPrice = pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"cheap\"}]");
        assertThat(badPrice.status()).isEqualTo(400);
        assertThat(badPrice.json().get("field").asString()).isEqualTo("$[0].price");

        assertThat(pyra.post("/api/v1/paper/ticks", "{}").status()).isEqualTo(400);
    }

    @Test
    void thePaperAccountStartsWithTheConfiguredBalance() {
        JsonNode balances = pyra.get("/api/v1/venues/paper/balances").json().get("balances");
        JsonNode usdt = null;
        for (JsonNode balance : balances) {
            if (balance.get("asset").asString().equals("USDT")) {
                usdt = balance;
            }
        }
        assertThat(usdt).isNotNull();
        assertThat(new java.math.BigDecimal(usdt.get("free").asString())).isEqualByComparingTo("10000");
    }

    @Test
    void unknownApiPathsAre404Json() {
        RunningPyra.Response answer = pyra.get("/api/v1/nothing-here");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error").asString()).contains("/api/v1/nothing-here");
    }

    @Test
    void signalPagingRefusesNonsense() {
        assertThat(pyra.get("/api/v1/signals?limit=abc").status()).isEqualTo(400);
        assertThat(pyra.get("/api/v1/signals?limit=0").status()).isEqualTo(400);
    }

    /** A second Pyra with PYRA_API_TOKEN set. */
    @Test
    void withAnApiTokenTheApiWantsItButHealthStaysOpen(@org.junit.jupiter.api.io.TempDir Path otherDir) {
        try (RunningPyra guarded = RunningPyra.start(otherDir, Map.of(Environment.API_TOKEN, "tok-123", Environment.WEBHOOK_SECRET, "w"))) {
            assertThat(guarded.getWithoutToken("/api/v1/signals").status()).isEqualTo(401);
            assertThat(guarded.getWithoutToken("/api/v1/config").status()).isEqualTo(401);
            assertThat(guarded.getWithoutToken("/api/v1/health").status()).isEqualTo(200);
            assertThat(guarded.get("/api/v1/signals").status()).isEqualTo(200);
        }
    }
}
