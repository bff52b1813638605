package dev.pyra.launcher;

import static dev.pyra.launcher.Scenario.decimal;
import static dev.pyra.launcher.Scenario.leg;
import static dev.pyra.launcher.Scenario.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The same signals and ticks give the same groups and PnL on every run: a tick that trades less
 * than the resting ladder fills the highest bid first (the paper venue's price-time priority),
 * whichever order the ladder's legs reached the venue in. Without that no crash comparison means
 * anything.
 */
class DeterminismTest {
    private static final int RUNS = 8;

    @TempDir
    Path dataDir;

    @Test
    void aPartialTickThroughTheLadderEndsWithOnePnlEveryTime() {
        String engine = """
                {"maxPyramids": 1, "capitalPerPyramid": "1000", "entryOrder": "market",
                 "takeProfit": {"mode": "per-leg", "aggregatePercent": "5"},
                 "layers": [{"gapPercent": "0", "weightPercent": "40", "tpPercent": "5"},
                            {"gapPercent": "2", "weightPercent": "30", "tpPercent": "5"},
                            {"gapPercent": "4", "weightPercent": "30", "tpPercent": "5"}]}""";
        List<String> outcomes = new ArrayList<>();
        try (Scenario s = Scenario.start(dataDir, engine)) {
            for (int run = 0; run < RUNS; run++) {
                s.tick("BTCUSDT", "60000");
                long signal = s.buy("BTCUSDT", "60000").get("signalId").asLong();
                long id = groupOf(s, signal);
                JsonNode group = s.await(id, g -> state(g, 0, 1).equals("open") && state(g, 0, 2).equals("open"));
                assertThat(decimal(leg(group, 0, 1), "price")).isEqualByComparingTo("58800");
                assertThat(decimal(leg(group, 0, 2), "price")).isEqualByComparingTo("57600");

                // 0.0061 trades at 57,600: less than the two legs rest (0.0051 + 0.0052)
                s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"57600\",\"quantity\":\"0.0061\"}]");
                group = s.await(id, g -> state(g, 0, 2).equals("partially-filled"));
                assertThat(decimal(leg(group, 0, 1), "filledQuantity")).as("the highest bid filled in full").isEqualByComparingTo("0.0051");
                assertThat(decimal(leg(group, 0, 2), "filledQuantity")).isEqualByComparingTo("0.0010");

                s.tick("BTCUSDT", "59000");
                s.exit("BTCUSDT");
                group = s.await(id, g -> g.get("status").asString().equals("closed"));
                outcomes.add(decimal(group, "realizedPnl").stripTrailingZeros().toPlainString() + " held "
                        + decimal(group, "heldQuantity").stripTrailingZeros().toPlainString());
            }
        }
        // bought 0.00666 at 60,000, 0.0051 at 58,800 and 0.0010 at 57,600 (757.83708 with fees);
        // sold 0.01276 at 59,000: 752.84 − 0.75284 fee − 757.83708
        assertThat(outcomes).hasSize(RUNS).containsOnly("-5.74992 held 0");
        System.out.println("DeterminismTest: " + RUNS + " runs, one outcome: realized " + new BigDecimal("-5.74992"));
    }

    private static long groupOf(Scenario s, long signal) {
        for (JsonNode group : s.pyra.get("/api/v1/groups").json().get("groups")) {
            if (group.at("/pyramids/0/signalId").asLong() == signal) {
                return group.get("id").asLong();
            }
        }
        throw new AssertionError("no group for signal " + signal);
    }
}
