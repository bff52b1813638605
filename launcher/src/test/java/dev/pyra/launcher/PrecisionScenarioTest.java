package dev.pyra.launcher;

import static dev.pyra.launcher.Scenario.decimal;
import static dev.pyra.launcher.Scenario.leg;
import static dev.pyra.launcher.Scenario.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The precision engine seen through the public contract, on the paper venue's BTCUSDT (tick 0.01,
 * step 0.00001, minimum notional 10 USDT).
 */
class PrecisionScenarioTest {
    @TempDir
    Path dataDir;

    /** 100 USDT per pyramid: the third leg's 8 USDT is under the venue's 10 USDT minimum. */
    private static final String SMALL_LAST_LEG = """
            {"maxPyramids": 5, "capitalPerPyramid": "100", "entryOrder": "market",
             "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
             "layers": [{"gapPercent": "0", "weightPercent": "70", "tpPercent": "1"},
                        {"gapPercent": "1", "weightPercent": "22", "tpPercent": "1"},
                        {"gapPercent": "2", "weightPercent": "8", "tpPercent": "1"}]}""";

    private static long openAt60000(Scenario s) {
        s.tick("BTCUSDT", "60000");
        s.buy("BTCUSDT", "60000");
        JsonNode groups = s.pyra.get("/api/v1/groups").json().get("groups");
        return groups.get(groups.size() - 1).get("id").asLong();
    }

    @Test
    void aLegBelowTheMinimumNotionalIsRaisedWithinThePyramidsCapitalAndShowsWhy() {
        try (Scenario s = Scenario.start(dataDir, SMALL_LAST_LEG)) {
            long id = openAt60000(s);
            JsonNode group = s.await(id, g -> state(g, 0, 2).equals("open"));

            assertThat(decimal(leg(group, 0, 0), "quantity")).isEqualByComparingTo("0.00116"); // 70 / 60000 rounded down
            assertThat(decimal(leg(group, 0, 1), "quantity")).isEqualByComparingTo("0.00037"); // 22 / 59400
            JsonNode last = leg(group, 0, 2);
            assertThat(decimal(last, "price")).isEqualByComparingTo("58800");
            assertThat(decimal(last, "quantity")).isEqualByComparingTo("0.00018"); // 8 / 58800 = 0.00013 -> raised to 10.584 USDT
            JsonNode raised = last.get("adjustments").get(1);
            assertThat(raised.get("from").asString()).isEqualTo("0.00013");
            assertThat(raised.get("to").asString()).isEqualTo("0.00018");
            assertThat(raised.get("why").asString())
                    .isEqualTo("raised to the venue's minimum (notional 7.644 is below the venue's minimum 10)");
        }
    }

    @Test
    void withTheSkipPolicyTheLegIsBlockedWithTheReasonAndTheRestTrades() {
        String skip = "\"precision\": {\"belowMinimum\": \"skip\"}";
        try (Scenario s = Scenario.start(dataDir, SMALL_LAST_LEG, skip)) {
            long id = openAt60000(s);
            JsonNode group = s.await(id, g -> state(g, 0, 2).equals("blocked") && state(g, 0, 1).equals("open"));

            assertThat(leg(group, 0, 2).get("reason").asString()).isEqualTo("notional 7.644 is below the venue's minimum 10");
            assertThat(leg(group, 0, 2).get("buyOrderId").isNull()).isTrue();
            assertThat(group.get("status").asString()).isEqualTo("live");
        }
    }

    @Test
    void aTakeProfitThatWouldLeaveAnUnsellableRemainderClosesTheWholeGroup() {
        String twoLegs = """
                {"maxPyramids": 5, "capitalPerPyramid": "40", "entryOrder": "market",
                 "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1"},
                            {"gapPercent": "1", "weightPercent": "50", "tpPercent": "5"}]}""";
        try (Scenario s = Scenario.start(dataDir, twoLegs)) {
            long id = openAt60000(s);
            s.await(id, g -> state(g, 0, 1).equals("open"));
            // only 0.00005 BTC (2.97 USDT) of the second leg fills
            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"59400\",\"quantity\":\"0.00005\"}]");
            s.await(id, g -> state(g, 0, 1).equals("partially-filled"));

            // the entry's take-profit: selling its 0.00033 would leave 0.00005 BTC = 3.03 USDT, unsellable
            s.tick("BTCUSDT", "60600");
            JsonNode group = s.await(id, g -> g.get("status").asString().equals("closed"));

            assertThat(group.get("closeReason").asString()).startsWith("take-profit of leg 0/0 would leave an unsellable remainder: "
                    + "the remainder 0.00005 could not be sold later (notional 3.03 is below the venue's minimum 10)");
            assertThat(decimal(group, "heldQuantity")).isEqualByComparingTo("0");
            assertThat(decimal(leg(group, 0, 1), "dust")).isEqualByComparingTo("0");
            assertThat(s.balance("BTC")).isEqualByComparingTo("0");
            // sold 0.00038 at 60600 = 23.028 less 0.023028 fee; paid 19.8 + 0.0198 (entry) and 2.97 + 0.00297 (partial leg)
            assertThat(decimal(group, "realizedPnl")).isEqualByComparingTo("0.212202");
        }
    }
}
