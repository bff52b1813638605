package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** POST /webhook as TradingView and a careless user would send it. */
class WebhookContractTest {
    @TempDir
    static Path dataDir;
    static RunningPyra pyra;

    @BeforeAll
    static void start() {
        pyra = RunningPyra.start(dataDir);
    }

    @AfterAll
    static void stop() {
        pyra.close();
    }

    static String entry(String id) {
        return """
                {"secret":"%s","exchange":"paper","symbol":"BINANCE:BTCUSDT","timeframe":"60","action":"buy",
                 "position":"long","type":"entry","price":"64000.10","id":"%s"}""".formatted(RunningPyra.SECRET, id);
    }

    private static int storedSignals() {
        return pyra.get("/api/v1/signals?limit=1000").json().get("signals").size();
    }

    @Test
    void aValidSignalIsStoredAndAnsweredWith202() {
        RunningPyra.Response answer = pyra.webhook(entry("valid-1"));

        assertThat(answer.status()).isEqualTo(202);
        JsonNode body = answer.json();
        assertThat(body.get("signalId").asLong()).isPositive();
        assertThat(body.get("status").asString()).isEqualTo("executed");
        JsonNode listed = pyra.get("/api/v1/signals").json().get("signals");
        assertThat(listed.findValuesAsString("clientId")).contains("valid-1");
    }

    @Test
    void textPlainBodiesHoldingJsonAreAccepted() {
        RunningPyra.Response answer = pyra.webhook("text/plain; charset=utf-8", entry("plain-1").getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(202);
    }

    @Test
    void theSameIdTwiceIsReportedAsADuplicate() {
        long first = pyra.webhook(entry("twice-1")).json().get("signalId").asLong();
        JsonNode second = pyra.webhook(entry("twice-1")).json();

        assertThat(second.get("signalId").asLong()).isEqualTo(first);
        assertThat(second.get("duplicate").asBoolean()).isTrue();
        assertThat(second.get("status").asString()).isEqualTo("ignored");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "malformed JSON     | 400 | {\"secret\": \"test-webhook-secret\", \"exchange\": | body",
        "wrong secret       | 401 | {\"secret\":\"guess\",\"exchange\":\"paper\",\"symbol\":\"BTCUSDT\",\"timeframe\":\"60\",\"action\":\"buy\",\"price\":\"1\"} | secret",
        "unknown exchange   | 400 | {\"secret\":\"test-webhook-secret\",\"exchange\":\"kraken\",\"symbol\":\"BTCUSDT\",\"timeframe\":\"60\",\"action\":\"buy\",\"price\":\"1\"} | exchange",
        "unknown symbol     | 400 | {\"secret\":\"test-webhook-secret\",\"exchange\":\"paper\",\"symbol\":\"NOPEUSDT\",\"timeframe\":\"60\",\"action\":\"buy\",\"price\":\"1\"} | symbol",
        "non-numeric price  | 400 | {\"secret\":\"test-webhook-secret\",\"exchange\":\"paper\",\"symbol\":\"BTCUSDT\",\"timeframe\":\"60\",\"action\":\"buy\",\"price\":\"{{close}}\"} | price",
        "missing action     | 400 | {\"secret\":\"test-webhook-secret\",\"exchange\":\"paper\",\"symbol\":\"BTCUSDT\",\"timeframe\":\"60\",\"price\":\"1\"} | action",
        "unknown action     | 400 | {\"secret\":\"test-webhook-secret\",\"exchange\":\"paper\",\"symbol\":\"BTCUSDT\",\"timeframe\":\"60\",\"action\":\"hodl\",\"price\":\"1\"} | action",
    })
    void badInputGetsAClear4xxAndIsNeverStored(String caseName, int status, String body, String field) {
        int before = storedSignals();

        RunningPyra.Response answer = pyra.webhook(body);

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.json().get("field").asString()).isEqualTo(field);
        assertThat(answer.json().get("error").asString()).startsWith(field + ": ");
        assertThat(storedSignals()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOversizedBodyGets413AndIsNeverStored(boolean chunked) {
        int before = storedSignals();
        String body = entry("big-" + chunked).replace("\"id\"", "\"padding\":\"" + "x".repeat(70 * 1024) + "\",\"id\"");

        // again and again: the sender must always get the 413, never a connection reset while it is still sending
        for (int i = 0; i < 50; i++) {
            RunningPyra.Response answer = chunked ? pyra.webhookChunked(body) : pyra.webhook(body);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.json().get("error").asString()).contains("65536");
        }
        assertThat(storedSignals()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsTaken() {
        assertThat(pyra.webhookChunked(entry("chunked-1")).status()).isEqualTo(202);
    }

    @Test
    void theWebhookSecretNeverAppearsInTheSignalLog() {
        pyra.webhook(entry("secret-check-1"));
        assertThat(pyra.get("/api/v1/signals").body()).doesNotContain(RunningPyra.SECRET);
    }

    @Test
    void anEmptyBodyIs400() {
        RunningPyra.Response answer = pyra.webhook("application/json", new byte[0]);
        assertThat(answer.status()).isEqualTo(400);
    }
}
