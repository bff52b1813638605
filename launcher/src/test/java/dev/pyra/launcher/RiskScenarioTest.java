package dev.pyra.launcher;

import static dev.pyra.launcher.Scenario.decimal;
import static dev.pyra.launcher.Scenario.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The risk engine through the public contract, with exact USD figures. The paper venue charges
 * 0.1 % per fill in USDT; every group buys 100 USDT at market in one leg (its take-profit far away).
 * A group's loss or profit counts both fees, its buy's and its sale's.
 */
class RiskScenarioTest {
    @TempDir
    Path dataDir;

    private static final String ENGINE = """
            {"maxPyramids": 5, "capitalPerPyramid": "100", "entryOrder": "market",
             "takeProfit": {"mode": "per-leg", "aggregatePercent": "50"},
             "layers": [{"gapPercent": "0", "weightPercent": "100", "tpPercent": "50"}]}""";

    private static String risk(String overrides) {
        return """
                "pool": {"maxActiveGroups": 10},
                "risk": {"enabled": true, "requiredPyramids": 1, "postFullWaitMinutes": 0, "lossThresholdPercent": "-5",
                         "maxWinners": 3, "maxPriceAgeSeconds": 600, "evaluateEveryMillis": 0 %s}""".formatted(overrides.isBlank() ? "" : ", " + overrides);
    }

    private static Scenario start(Path dataDir, String overrides) {
        Scenario s = Scenario.start(dataDir, ENGINE, risk(overrides));
        s.ticks("""
                [{"symbol":"BTCUSDT","price":"60000"},{"symbol":"ETHUSDT","price":"2000"},
                 {"symbol":"SOLUSDT","price":"150"},{"symbol":"XRPUSDT","price":"0.5"}]""");
        return s;
    }

    private static long open(Scenario s, String symbol, String price) {
        long signal = s.buy(symbol, price).get("signalId").asLong();
        for (JsonNode group : s.pyra.get("/api/v1/groups").json().get("groups")) {
            if (group.at("/pyramids/0/signalId").asLong() == signal) {
                long id = group.get("id").asLong();
                s.await(id, g -> state(g, 0, 0).equals("tp-open"));
                return id;
            }
        }
        throw new AssertionError("no group for signal " + signal);
    }

    private static JsonNode risk(Scenario s) {
        return s.pyra.get("/api/v1/risk").json();
    }

    private static JsonNode candidate(Scenario s, long groupId) {
        for (JsonNode candidate : risk(s).get("candidates")) {
            if (candidate.get("groupId").asLong() == groupId) {
                return candidate;
            }
        }
        throw new AssertionError("group " + groupId + " is no risk candidate: " + risk(s));
    }

    private static BigDecimal realized(Scenario s, long id) {
        return decimal(s.group(id), "realizedPnl");
    }

    @Test
    void oneWinnerCoversTheLoserWithAPartialClose() {
        try (Scenario s = start(dataDir, "")) {
            long eth = open(s, "ETHUSDT", "2000"); // 0.05 ETH for 100 + 0.1 fee
            long btc = open(s, "BTCUSDT", "60000"); // 0.00166 BTC for 99.6 + 0.0996 fee

            // ETH at 1800: selling would give 90 - 0.09 against 100.1 paid: 10.19 to cover (-10.18 %)
            // BTC at 72000: each BTC sold nets 72000 x 0.999 - 60060 = 11868; 10.19 / 11868 = 0.000858… -> 0.00086
            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"72000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1800\"}]");

            s.await(eth, g -> g.get("status").asString().equals("closed"));
            JsonNode winner = s.await(btc, g -> g.get("workingCloseOrders").isEmpty() && decimal(g, "heldQuantity").compareTo(
                    new BigDecimal("0.0008")) == 0);
            JsonNode offset = risk(s).get("history").get(0);
            assertThat(offset.get("loserGroupId").asLong()).isEqualTo(eth);
            assertThat(decimal(offset, "requiredUsd")).isEqualByComparingTo("10.19");
            assertThat(decimal(offset, "coveredUsd")).isEqualByComparingTo("10.20648");
            JsonNode part = offset.get("winners").get(0);
            assertThat(part.get("groupId").asLong()).isEqualTo(btc);
            assertThat(decimal(part, "quantity")).isEqualByComparingTo("0.00086");
            assertThat(part.get("wholeGroup").asBoolean()).isFalse();
            // what the fills realized: 61.92 - 0.06192 fee - 0.00086 x 60060 cost; and the loser's -10.19
            assertThat(realized(s, btc)).isEqualByComparingTo("10.20648");
            assertThat(realized(s, eth)).isEqualByComparingTo("-10.19");
            assertThat(winner.get("status").asString()).isEqualTo("live");
            assertThat(s.group(eth).get("closeReason").asString()).startsWith("risk offset: 10.19 USDT loss covered by [group " + btc);
            // the winner keeps its slot, the loser's is free
            assertThat(s.pyra.get("/api/v1/pool").json().get("activeGroups").asInt()).isEqualTo(1);
            assertThat(s.pyra.get("/api/v1/orders?groupId=" + btc).json().get("orders"))
                    .anySatisfy(o -> assertThat(o.get("purpose").asString() + " " + o.get("quantity").asString() + " "
                            + o.get("status").asString()).isEqualTo("close 0.00086 filled"));
        }
    }

    @Test
    void threeWinnersCoverTheLoserTheThirdOnlyPartially() {
        try (Scenario s = start(dataDir, "")) {
            long eth = open(s, "ETHUSDT", "2000");
            long btc = open(s, "BTCUSDT", "60000");
            long sol = open(s, "SOLUSDT", "150"); // 0.666 SOL for 99.9 + 0.0999
            long xrp = open(s, "XRPUSDT", "0.5"); // 200 XRP for 100 + 0.1

            // winners, largest profit first: XRP 11.788, SOL 9.78021, BTC 9.75084; ETH at 1500 needs 25.175
            s.ticks("""
                    [{"symbol":"BTCUSDT","price":"66000"},{"symbol":"SOLUSDT","price":"165"},{"symbol":"XRPUSDT","price":"0.56"},
                     {"symbol":"ETHUSDT","price":"1500"}]""");

            s.await(eth, g -> g.get("status").asString().equals("closed"));
            s.await(xrp, g -> g.get("status").asString().equals("closed"));
            s.await(sol, g -> g.get("status").asString().equals("closed"));
            s.await(btc, g -> g.get("workingCloseOrders").isEmpty() && decimal(g, "heldQuantity").compareTo(new BigDecimal("0.00104")) == 0);
            JsonNode offset = risk(s).get("history").get(0);
            assertThat(decimal(offset, "requiredUsd")).isEqualByComparingTo("25.175");
            assertThat(offset.get("winners")).extracting(w -> w.get("groupId").asLong()).containsExactly(xrp, sol, btc);
            assertThat(offset.get("winners")).extracting(w -> w.get("wholeGroup").asBoolean()).containsExactly(true, true, false);
            // BTC covers the last 3.60679: 66000 x 0.999 - 60060 = 5874 per BTC -> 0.000614… -> 0.00062
            assertThat(decimal(offset.get("winners").get(2), "quantity")).isEqualByComparingTo("0.00062");
            assertThat(decimal(offset, "coveredUsd")).isEqualByComparingTo("25.21009"); // 11.788 + 9.78021 + 3.64188
            assertThat(realized(s, xrp)).isEqualByComparingTo("11.788");
            assertThat(realized(s, sol)).isEqualByComparingTo("9.78021");
            assertThat(realized(s, btc)).isEqualByComparingTo("3.64188");
            assertThat(realized(s, eth)).isEqualByComparingTo("-25.175");
            // only the partially closed winner still holds its slot
            JsonNode pool = s.pyra.get("/api/v1/pool").json();
            assertThat(pool.get("active")).extracting(g -> g.get("id").asLong()).containsExactly(btc);
        }
    }

    @Test
    void whenTheWinnersCannotCoverTheLossNothingIsDone() {
        try (Scenario s = start(dataDir, "")) {
            long eth = open(s, "ETHUSDT", "2000");
            long btc = open(s, "BTCUSDT", "60000");

            // ETH needs 25.175; BTC at 66000 can realize 9.75084
            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"66000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1500\"}]");

            JsonNode candidate = candidate(s, eth);
            assertThat(candidate.get("eligible").asBoolean()).isTrue();
            assertThat(decimal(candidate, "lossUsd")).isEqualByComparingTo("25.175");
            assertThat(decimal(candidate, "lossPercent")).isEqualByComparingTo("25.1499");
            assertThat(risk(s).get("history")).isEmpty();
            assertThat(s.group(eth).get("status").asString()).isEqualTo("live");
            assertThat(s.group(btc).get("workingCloseOrders")).isEmpty();
            assertThat(decimal(s.group(btc), "heldQuantity")).isEqualByComparingTo("0.00166");
        }
    }

    @Test
    void withPartialOffsetTheWinnersGiveWhatTheyCanAndTheLoserStillCloses() {
        try (Scenario s = start(dataDir, "\"partialOffset\": true")) {
            long eth = open(s, "ETHUSDT", "2000");
            long btc = open(s, "BTCUSDT", "60000");

            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"66000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1500\"}]");

            s.await(eth, g -> g.get("status").asString().equals("closed"));
            s.await(btc, g -> g.get("status").asString().equals("closed")); // all of its 9.75084 went
            JsonNode offset = risk(s).get("history").get(0);
            assertThat(decimal(offset, "requiredUsd")).isEqualByComparingTo("25.175");
            assertThat(decimal(offset, "coveredUsd")).isEqualByComparingTo("9.75084");
            assertThat(realized(s, btc)).isEqualByComparingTo("9.75084");
            assertThat(realized(s, eth)).isEqualByComparingTo("-25.175");
        }
    }

    @Test
    void beforeTheTimerElapsesNothingIsDoneAndTheTimerSurvivesARestart() {
        try (Scenario s = start(dataDir, "\"postFullWaitMinutes\": 60")) {
            long eth = open(s, "ETHUSDT", "2000");
            open(s, "BTCUSDT", "60000");

            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"72000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1800\"}]");

            JsonNode candidate = candidate(s, eth);
            assertThat(candidate.at("/conditions/timer").asBoolean()).isFalse();
            assertThat(candidate.get("eligible").asBoolean()).isFalse();
            assertThat(candidate.get("remainingSeconds").asLong()).isBetween(3500L, 3600L);
            String started = candidate.get("timerStartedAt").asString();
            assertThat(risk(s).get("history")).isEmpty();
            assertThat(s.group(eth).get("status").asString()).isEqualTo("live");

            s.pyra.restart();
            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"72000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1800\"}]");
            assertThat(candidate(s, eth).get("timerStartedAt").asString()).isEqualTo(started);
        }
    }

    /** The timer cannot start before the pyramids arrived, so "pyramids" brings "timer" down with it. */
    @ParameterizedTest(name = "{0} blocks on its own")
    @CsvSource(delimiter = '|', textBlock = """
            pyramids | pyramids timer | "requiredPyramids": 2
            loss     | loss           | "lossThresholdPercent": "-20"
            age      | age            | "minTradeAgeMinutes": 60
            """)
    void eachActivationConditionBlocksOnItsOwn(String condition, String failing, String override) {
        try (Scenario s = start(dataDir, override)) {
            long eth = open(s, "ETHUSDT", "2000");
            open(s, "BTCUSDT", "60000");

            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"72000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1800\"}]");

            JsonNode conditions = candidate(s, eth).get("conditions");
            java.util.List<String> down = java.util.List.of(failing.split(" "));
            conditions.properties().forEach(c -> assertThat(c.getValue().asBoolean()).as(c.getKey()).isEqualTo(!down.contains(c.getKey())));
            assertThat(risk(s).get("history")).isEmpty();
            assertThat(s.group(eth).get("status").asString()).isEqualTo("live");
        }
    }

    @Test
    void theGuardrailBlocksAnOffsetThatWouldRealizeTooMuchLossToday() {
        // peak equity 10,000 USDT (the paper account); 0.05 % of it is 5 USDT, less than the 10.19 loss
        try (Scenario s = start(dataDir, "\"maxRealizedLossPercent\": \"0.05\"")) {
            long eth = open(s, "ETHUSDT", "2000");
            long btc = open(s, "BTCUSDT", "60000");

            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"72000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1800\"}]");

            JsonNode panel = risk(s);
            assertThat(decimal(panel, "peakEquity")).isEqualByComparingTo("10000");
            assertThat(decimal(panel, "lossAllowance")).isEqualByComparingTo("5");
            assertThat(candidate(s, eth).get("eligible").asBoolean()).isTrue();
            assertThat(panel.get("history")).isEmpty();
            assertThat(s.group(eth).get("status").asString()).isEqualTo("live");
            assertThat(decimal(s.group(btc), "heldQuantity")).isEqualByComparingTo("0.00166");
        }
    }

    @Test
    void aDisabledRiskEngineOnlyShows() {
        try (Scenario s = start(dataDir, "\"enabled\": false")) {
            long eth = open(s, "ETHUSDT", "2000");
            open(s, "BTCUSDT", "60000");

            s.ticks("[{\"symbol\":\"BTCUSDT\",\"price\":\"72000\"},{\"symbol\":\"ETHUSDT\",\"price\":\"1800\"}]");

            assertThat(risk(s).get("enabled").asBoolean()).isFalse();
            assertThat(candidate(s, eth).get("eligible").asBoolean()).isTrue();
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> s.group(eth).get("status").asString().equals("live"));
            assertThat(risk(s).get("history")).isEmpty();
        }
    }
}
