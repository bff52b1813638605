package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/precision/check} against the paper venue's (Binance) rules. */
class PrecisionCheckApiTest {
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

    private static JsonNode check(String body) {
        RunningPyra.Response answer = pyra.post("/api/v1/precision/check", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void aBuyIsRoundedToTheTickAndStepAsPlainDecimals() {
        JsonNode answer = check("""
                {"exchange": "paper", "symbol": "BTCUSDT", "side": "buy", "type": "limit", "price": "64000.129", "quantity": "0.0012345"}""");

        assertThat(answer.get("status").asString()).isEqualTo("adjusted");
        assertThat(answer.get("price").asString()).isEqualTo("64000.12");
        assertThat(answer.get("quantity").asString()).isEqualTo("0.00123");
        assertThat(answer.get("notional").asString()).isEqualTo("78.7201476");
        assertThat(answer.at("/adjustments/0/why").asString()).isEqualTo("rounded down to the tick 0.01");
        assertThat(answer.at("/adjustments/1/from").asString()).isEqualTo("0.0012345");
        assertThat(answer.at("/adjustments/1/to").asString()).isEqualTo("0.00123");
        assertThat(answer.get("problems")).isEmpty();
        assertThat(answer.at("/rules/tickSize").asString()).isEqualTo("0.01");
    }

    @Test
    void aSellPriceRoundsUpOnATickOfOne() {
        JsonNode answer = check("""
                {"exchange": "paper", "symbol": "BTCBIDR", "side": "sell", "price": "1000000000.2", "quantity": "0.001"}""");

        assertThat(answer.get("price").asString()).isEqualTo("1000000001");
        assertThat(answer.get("type").asString()).isEqualTo("limit");
    }

    @Test
    void aQuoteAmountIsTurnedIntoAQuantityOnATinyTick() {
        JsonNode answer = check("""
                {"exchange": "paper", "symbol": "SHIBUSDT", "side": "buy", "type": "market", "price": "0.00000812", "quoteAmount": "25"}""");

        assertThat(answer.get("status").asString()).isEqualTo("adjusted");
        assertThat(answer.get("quantity").asString()).isEqualTo("3078817");
        assertThat(answer.get("price").asString()).isEqualTo("0.00000812");
    }

    @Test
    void belowTheMinimumNotionalIsBlockedUnlessACapitalAllowsRaisingIt() {
        String order = """
                {"exchange": "paper", "symbol": "BTCUSDT", "side": "buy", "price": "64000", "quoteAmount": "6" %s}""";

        JsonNode blocked = check(order.formatted(""));
        JsonNode raised = check(order.formatted(", \"capital\": \"10\""));

        assertThat(blocked.get("status").asString()).isEqualTo("blocked");
        assertThat(blocked.get("problems").get(0).asString()).isEqualTo("notional 5.76 is below the venue's minimum 10");
        assertThat(raised.get("status").asString()).isEqualTo("adjusted");
        assertThat(raised.get("quantity").asString()).isEqualTo("0.00016");
        assertThat(raised.get("notional").asString()).isEqualTo("10.24");
        assertThat(raised.at("/adjustments/1/why").asString()).startsWith("raised to the venue's minimum");
    }

    @Test
    void haltedAndUnknownSymbolsAreBlockedWithTheReason() {
        JsonNode halted = check("""
                {"exchange": "paper", "symbol": "BQXETH", "side": "buy", "price": "0.001", "quantity": "100"}""");
        JsonNode unknown = check("""
                {"exchange": "paper", "symbol": "NOPEUSDT", "side": "buy", "price": "1", "quantity": "100"}""");

        assertThat(halted.get("status").asString()).isEqualTo("blocked");
        assertThat(halted.get("problems").get(0).asString()).isEqualTo("BQXETH is not trading on the venue (halted)");
        assertThat(unknown.get("problems").get(0).asString()).isEqualTo("paper does not list NOPEUSDT");
        assertThat(unknown.get("rules").isNull()).isTrue();
    }

    @Test
    void badInputNamesTheField() {
        assertThat(error("{\"exchange\": \"moon\", \"symbol\": \"BTCUSDT\", \"side\": \"buy\", \"price\": \"1\", \"quantity\": \"1\"}"))
                .isEqualTo("exchange");
        assertThat(error("{\"exchange\": \"paper\", \"symbol\": \"BTCUSDT\", \"side\": \"hold\", \"price\": \"1\", \"quantity\": \"1\"}"))
                .isEqualTo("side");
        assertThat(error("{\"exchange\": \"paper\", \"symbol\": \"BTCUSDT\", \"side\": \"buy\", \"price\": \"-1\", \"quantity\": \"1\"}"))
                .isEqualTo("price");
        assertThat(error("{\"exchange\": \"paper\", \"symbol\": \"BTCUSDT\", \"side\": \"buy\", \"price\": \"1\"}")).isEqualTo("quantity");
        assertThat(error("{\"exchange\": \"paper\", \"symbol\": \"BTCUSDT\", \"side\": \"buy\", \"price\": \"1\", \"qty\": \"1\"}"))
                .isEqualTo("qty");
    }

    private static String error(String body) {
        RunningPyra.Response answer = pyra.post("/api/v1/precision/check", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        return answer.json().get("field").asString();
    }
}
