package dev.pyra.launcher;

import static dev.pyra.launcher.Scenario.decimal;
import static dev.pyra.launcher.Scenario.leg;
import static dev.pyra.launcher.Scenario.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Position groups, pyramids, DCA ladders, take-profit and exits, driven only through the webhook,
 * paper ticks and the REST API, with the exact numbers a trader would check by hand. The paper
 * venue charges 0.1 % in USDT on every fill.
 */
class EngineScenarioTest {
    private static final String LADDER = """
            "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1"},
                       {"gapPercent": "1", "weightPercent": "25", "tpPercent": "2"},
                       {"gapPercent": "2", "weightPercent": "25", "tpPercent": "3"}]""";

    @TempDir
    Path dataDir;

    private static String engine(String mode, String aggregatePercent) {
        return """
                {"maxPyramids": 5, "capitalPerPyramid": "1000", "entryOrder": "market",
                 "takeProfit": {"mode": "%s", "aggregatePercent": "%s"}, %s}""".formatted(mode, aggregatePercent, LADDER);
    }

    private static long groupId(Scenario s) {
        JsonNode groups = s.pyra.get("/api/v1/groups").json().get("groups");
        return groups.get(groups.size() - 1).get("id").asLong();
    }

    /** The market at 2,000, a buy signal at 2,000: the entry fills, legs 1 and 2 rest at 1,980 and 1,960. */
    private static long openLadderAt2000(Scenario s) {
        s.tick("ETHUSDT", "2000");
        s.buy("ETHUSDT", "2000");
        long id = groupId(s);
        s.await(id, g -> state(g, 0, 1).equals("open") && state(g, 0, 2).equals("open"));
        return id;
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aThreeLayerLadderFillsStepByStepAndEachLegTakesItsOwnProfit() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            s.tick("ETHUSDT", "2000");
            JsonNode answer = s.buy("ETHUSDT", "2010"); // the alert's price; the market fills at 2000
            assertThat(answer.get("status").asString()).isEqualTo("executed");
            long id = groupId(s);

            JsonNode group = s.await(id, g -> state(g, 0, 1).equals("open") && state(g, 0, 2).equals("open"));
            assertThat(group.get("status").asString()).isEqualTo("live");
            JsonNode entry = leg(group, 0, 0);
            assertThat(entry.get("state").asString()).isEqualTo("tp-open");
            assertThat(decimal(entry, "quantity")).isEqualByComparingTo("0.25"); // 500 at the market's 2000, not the alert's 2010
            assertThat(decimal(entry, "averageFillPrice")).isEqualByComparingTo("2000");
            assertThat(decimal(entry, "feeQuote")).isEqualByComparingTo("0.5");
            assertThat(decimal(entry, "tpTarget")).isEqualByComparingTo("2020"); // from the fill, not 2010 × 1.01
            // the ladder rests below the entry's actual fill: 2000 × 0.99 and 2000 × 0.98
            assertThat(decimal(leg(group, 0, 1), "price")).isEqualByComparingTo("1980");
            assertThat(decimal(leg(group, 0, 1), "quantity")).isEqualByComparingTo("0.1262");
            assertThat(decimal(leg(group, 0, 2), "price")).isEqualByComparingTo("1960");
            assertThat(decimal(leg(group, 0, 2), "quantity")).isEqualByComparingTo("0.1275");
            assertThat(group.get("filledLegs").asInt()).isEqualTo(1);
            assertThat(group.get("totalLegs").asInt()).isEqualTo(3);

            s.tick("ETHUSDT", "1985");
            s.tick("ETHUSDT", "1980");
            group = s.await(id, g -> state(g, 0, 1).equals("tp-open"));
            assertThat(state(group, 0, 2)).isEqualTo("open");
            assertThat(decimal(leg(group, 0, 1), "tpTarget")).isEqualByComparingTo("2019.6");

            s.tick("ETHUSDT", "1960");
            group = s.await(id, g -> state(g, 0, 2).equals("tp-open"));
            assertThat(decimal(leg(group, 0, 2), "tpTarget")).isEqualByComparingTo("2018.8");
            assertThat(group.get("filledLegs").asInt()).isEqualTo(3);
            // average entry, fees included: (500 + 0.5 + 249.876 + 0.249876 + 249.9 + 0.2499) / 0.5037
            BigDecimal average = d("1000.775776").divide(d("0.5037"), MathContext.DECIMAL128);
            assertThat(decimal(group, "averageEntry")).isEqualByComparingTo(average.setScale(12, java.math.RoundingMode.HALF_EVEN));
            assertThat(decimal(group, "heldQuantity")).isEqualByComparingTo("0.5037");
            // unrealized at 1960: 0.5037 × 1960 − 1000.775776
            assertThat(decimal(group, "unrealizedPnl")).isEqualByComparingTo("-13.523776");

            s.tick("ETHUSDT", "2019");
            group = s.await(id, g -> state(g, 0, 2).equals("closed"));
            assertThat(state(group, 0, 1)).isEqualTo("tp-open");
            assertThat(state(group, 0, 0)).isEqualTo("tp-open");
            // 0.1275 × 2019 − 0.2574225 fee − 250.1499 cost
            assertThat(decimal(leg(group, 0, 2), "realizedPnl")).isEqualByComparingTo("7.0151775");

            s.tick("ETHUSDT", "2020");
            group = s.await(id, g -> g.get("status").asString().equals("closed"));
            assertThat(decimal(leg(group, 0, 1), "realizedPnl")).isEqualByComparingTo("4.5432");
            assertThat(decimal(leg(group, 0, 0), "realizedPnl")).isEqualByComparingTo("3.995"); // 505 − 0.505 − 500.5
            assertThat(decimal(group, "realizedPnl")).isEqualByComparingTo("15.5533775");
            assertThat(group.get("closeReason").asString()).isEqualTo("every leg closed");
            // the paper account agrees to the last decimal
            assertThat(s.balance("USDT")).isEqualByComparingTo("10015.5533775");
            assertThat(s.balance("ETH")).isEqualByComparingTo("0");
        }
    }

    @Test
    void aggregateModeClosesTheWholeGroupAtItsAverageEntryPlusThePercent() {
        try (Scenario s = Scenario.start(dataDir, engine("aggregate", "1"))) {
            long id = openLadderAt2000(s);
            s.tick("ETHUSDT", "1980");
            JsonNode group = s.await(id, g -> state(g, 0, 1).equals("tp-open"));
            // (500 + 0.5 + 249.876 + 0.249876) / 0.3762 × 1.01
            BigDecimal target = d("750.625876").divide(d("0.3762"), MathContext.DECIMAL128).multiply(d("1.01"));
            assertThat(decimal(group, "aggregateTarget")).isEqualByComparingTo(target.setScale(12, java.math.RoundingMode.HALF_EVEN));

            s.tick("ETHUSDT", "2015.2"); // just below the target (2015.23…): leg 0's own 2020 is not the point here
            s.tick("ETHUSDT", "2016");
            group = s.await(id, g -> g.get("status").asString().equals("closed"));
            assertThat(state(group, 0, 0)).isEqualTo("closed");
            assertThat(state(group, 0, 1)).isEqualTo("closed");
            assertThat(state(group, 0, 2)).isEqualTo("cancelled");
            assertThat(group.get("closeReason").asString()).startsWith("aggregate take-profit at 2016");
            // 0.3762 × 2016 − 0.7584192 fee − 750.625876
            assertThat(decimal(group, "realizedPnl")).isEqualByComparingTo("7.0349048");
            assertThat(s.balance("USDT")).isEqualByComparingTo("10007.0349048");
        }
    }

    @Test
    void hybridModeLetsALegTakeItsProfitThenTheAggregateClosesWhatIsLeft() {
        String engine = """
                {"maxPyramids": 5, "capitalPerPyramid": "1000", "entryOrder": "market",
                 "takeProfit": {"mode": "hybrid", "aggregatePercent": "2"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "5"},
                            {"gapPercent": "1", "weightPercent": "25", "tpPercent": "2"},
                            {"gapPercent": "2", "weightPercent": "25", "tpPercent": "3"}]}""";
        try (Scenario s = Scenario.start(dataDir, engine)) {
            long id = openLadderAt2000(s);
            s.tick("ETHUSDT", "1980");
            s.await(id, g -> state(g, 0, 1).equals("tp-open"));

            s.tick("ETHUSDT", "2019.6"); // leg 1's own target; the aggregate (≈2035.2) is not reached
            JsonNode group = s.await(id, g -> state(g, 0, 1).equals("closed"));
            assertThat(group.get("status").asString()).isEqualTo("live");
            assertThat(state(group, 0, 0)).isEqualTo("tp-open");
            // what is left: leg 0 alone, 0.25 at 500.5 → aggregate target 2002 × 1.02 = 2042.04
            assertThat(decimal(group, "aggregateTarget")).isEqualByComparingTo("2042.04");

            s.tick("ETHUSDT", "2042.04");
            group = s.await(id, g -> g.get("status").asString().equals("closed"));
            assertThat(group.get("closeReason").asString()).startsWith("hybrid take-profit");
            assertThat(state(group, 0, 2)).isEqualTo("cancelled");
            // leg 1: 0.1262 × 2019.6 − 0.25487352 − 250.125876; leg 0: 0.25 × 2042.04 − 0.51051 − 500.5
            assertThat(decimal(leg(group, 0, 1), "realizedPnl")).isEqualByComparingTo("4.49277048");
            assertThat(decimal(leg(group, 0, 0), "realizedPnl")).isEqualByComparingTo("9.49949");
        }
    }

    @Test
    void anExitCancelsTheUnfilledLegsAndSellsTheRest() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            long id = openLadderAt2000(s);
            s.tick("ETHUSDT", "1980");
            s.await(id, g -> state(g, 0, 1).equals("tp-open"));

            JsonNode answer = s.exit("ETHUSDT");
            assertThat(answer.get("status").asString()).isEqualTo("executed");

            JsonNode group = s.await(id, g -> g.get("status").asString().equals("closed"));
            assertThat(state(group, 0, 2)).isEqualTo("cancelled");
            assertThat(decimal(group, "heldQuantity")).isEqualByComparingTo("0");
            // sold 0.3762 at 1980: 744.876 − 0.744876 fee − 750.625876 cost
            assertThat(decimal(group, "realizedPnl")).isEqualByComparingTo("-6.494752");
            assertThat(s.balance("USDT")).isEqualByComparingTo("9993.505248");
            assertThat(s.balance("ETH")).isEqualByComparingTo("0");
            assertThat(s.exit("ETHUSDT").get("status").asString()).isEqualTo("ignored");
        }
    }

    @Test
    void aTakeProfitAndAnExitInTheSameInstantSellOnce() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            long id = openLadderAt2000(s);

            s.tick("ETHUSDT", "2020"); // leg 0's target: its take-profit goes out…
            s.exit("ETHUSDT");         // …and the exit arrives at once

            JsonNode group = s.await(id, g -> g.get("status").asString().equals("closed"));
            assertThat(decimal(leg(group, 0, 0), "soldQuantity")).isEqualByComparingTo("0.25");
            assertThat(s.balance("ETH")).isEqualByComparingTo("0");
            // sold once at 2020: 505 − 0.505 − 500.5
            assertThat(decimal(group, "realizedPnl")).isEqualByComparingTo("3.995");
            assertThat(s.balance("USDT")).isEqualByComparingTo("10003.995");
        }
    }

    @Test
    void aSixthPyramidIsIgnoredWithTheReason() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            s.tick("ETHUSDT", "2000");
            for (int i = 0; i < 5; i++) {
                assertThat(s.buy("ETHUSDT", "2000").get("status").asString()).isEqualTo("executed");
            }
            JsonNode sixth = s.buy("ETHUSDT", "2000");
            assertThat(sixth.get("status").asString()).isEqualTo("ignored");
            assertThat(sixth.get("reason").asString()).contains("maxPyramids 5");
            long id = groupId(s);
            JsonNode group = s.await(id, g -> g.get("pyramids").size() == 5 && state(g, 4, 2).equals("open"));
            assertThat(s.pyra.get("/api/v1/groups").json().get("groups").size()).isEqualTo(1);
            assertThat(decimal(group, "heldQuantity")).isEqualByComparingTo("1.25");
        }
    }

    @Test
    void aPartialFillGetsItsTakeProfitFromWhatActuallyFilled() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            long id = openLadderAt2000(s);

            s.ticks("[{\"symbol\":\"ETHUSDT\",\"price\":\"1979\",\"quantity\":\"0.05\"}]");
            JsonNode group = s.await(id, g -> state(g, 0, 1).equals("partially-filled"));
            JsonNode leg = leg(group, 0, 1);
            assertThat(decimal(leg, "filledQuantity")).isEqualByComparingTo("0.05");
            assertThat(decimal(leg, "averageFillPrice")).isEqualByComparingTo("1980"); // at its limit
            assertThat(decimal(leg, "tpTarget")).isEqualByComparingTo("2019.6");

            s.tick("ETHUSDT", "2019.6");
            group = s.await(id, g -> decimal(leg(g, 0, 1), "soldQuantity").signum() > 0);
            assertThat(decimal(leg(group, 0, 1), "soldQuantity")).isEqualByComparingTo("0.05");
            assertThat(state(group, 0, 1)).isEqualTo("partially-filled"); // its buy still rests for the rest
            assertThat(s.balance("ETH")).isEqualByComparingTo("0.25");
        }
    }

    @Test
    void aLimitEntryRestsAtTheSignalPriceAndTheLadderFollowsItsFill() {
        String engine = engine("per-leg", "1").replace("\"entryOrder\": \"market\"", "\"entryOrder\": \"limit\"");
        try (Scenario s = Scenario.start(dataDir, engine)) {
            s.tick("ETHUSDT", "2010");
            s.buy("ETHUSDT", "2000.005"); // rounded down to the tick for a buy: 2000.00
            long id = groupId(s);
            JsonNode group = s.await(id, g -> state(g, 0, 0).equals("open"));
            assertThat(group.get("status").asString()).isEqualTo("waiting");
            assertThat(decimal(leg(group, 0, 0), "price")).isEqualByComparingTo("2000");
            assertThat(state(group, 0, 1)).isEqualTo("planned");

            s.tick("ETHUSDT", "1999.5");
            group = s.await(id, g -> state(g, 0, 2).equals("open"));
            assertThat(group.get("status").asString()).isEqualTo("live");
            assertThat(decimal(leg(group, 0, 0), "averageFillPrice")).isEqualByComparingTo("2000");
            assertThat(decimal(leg(group, 0, 1), "price")).isEqualByComparingTo("1980");
        }
    }

    @Test
    void aClosedGroupAnnouncesItsEndForTheExecutionPool() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            java.util.List<Long> released = new java.util.concurrent.CopyOnWriteArrayList<>();
            s.pyra.server().pyra().trading().engine().onGroupClosed(view -> released.add(view.id()));
            long id = openLadderAt2000(s);
            assertThat(released).isEmpty();

            s.exit("ETHUSDT");

            s.await(id, g -> g.get("status").asString().equals("closed"));
            org.awaitility.Awaitility.await().until(() -> released.equals(java.util.List.of(id)));
        }
    }

    @Test
    void aGroupWhoseEntryTheVenueRefusesClosesWithTheVenuesReason() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            s.buy("SOLUSDT", "150"); // no price ticked yet: the paper venue refuses the market order
            long id = groupId(s);
            JsonNode group = s.await(id, g -> g.get("status").asString().equals("closed"));
            assertThat(state(group, 0, 0)).isEqualTo("blocked");
            assertThat(state(group, 0, 1)).isEqualTo("cancelled");
            assertThat(group.get("closeReason").asString()).contains("No market price for SOLUSDT");
            // the key is free again: the next signal opens a new group
            s.tick("SOLUSDT", "150");
            s.buy("SOLUSDT", "150");
            assertThat(groupId(s)).isNotEqualTo(id);
        }
    }

    @Test
    void aSellEntryWithNoOpenLongIsIgnoredOnSpot() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            JsonNode answer = s.signal("ETHUSDT", "sell", "entry", "2000");
            assertThat(answer.get("status").asString()).isEqualTo("ignored");
            assertThat(answer.get("reason").asString()).contains("short selling needs margin");
            assertThat(s.pyra.get("/api/v1/groups").json().get("groups").size()).isZero();
        }
    }

    @Test
    void aGroupIsClosedByHand() {
        try (Scenario s = Scenario.start(dataDir, engine("per-leg", "1"))) {
            long id = openLadderAt2000(s);

            RunningPyra.Response close = s.pyra.post("/api/v1/groups/" + id + "/close", "");
            assertThat(close.status()).isEqualTo(202);
            JsonNode group = s.await(id, g -> g.get("status").asString().equals("closed"));
            assertThat(group.get("closeReason").asString()).isEqualTo("closed by hand");
            assertThat(s.balance("ETH")).isEqualByComparingTo("0");
            assertThat(s.pyra.post("/api/v1/groups/999/close", "").status()).isEqualTo(404);
            assertThat(s.pyra.get("/api/v1/groups/abc").status()).isEqualTo(400);
        }
    }
}
