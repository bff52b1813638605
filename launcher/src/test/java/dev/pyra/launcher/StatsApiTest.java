package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/stats} against the groups the API lists, after a seeded random paper session
 * (entries, pyramids, ticks that fill legs and take profit, exits): the realized PnL of the stats
 * is the closed groups' to the last decimal, and so are the per-pair sums and the trade counts.
 */
class StatsApiTest {
    private static final long SEED = 20261204L;
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");
    private static TestPyra pyra;

    @BeforeAll
    static void session() throws Exception {
        pyra = TestPyra.start(Files.createTempDirectory("pyra-stats"), """
                {"maxPyramids": 2, "capitalPerPyramid": "300", "entryOrder": "market",
                 "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1.5"},
                            {"gapPercent": "1", "weightPercent": "25", "tpPercent": "1.5"},
                            {"gapPercent": "2", "weightPercent": "25", "tpPercent": "2"}]}""", "\"pool\": {\"maxActiveGroups\": 10}");
        Map<String, BigDecimal> prices = new LinkedHashMap<>(Map.of("BTCUSDT", new BigDecimal("60000"), "ETHUSDT", new BigDecimal("2000"),
                "SOLUSDT", new BigDecimal("150"), "BNBUSDT", new BigDecimal("600")));
        prices.forEach((symbol, price) -> pyra.tick(symbol, price.toPlainString()));
        Random random = new Random(SEED);
        for (int step = 0; step < 80; step++) {
            String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
            int action = random.nextInt(10);
            if (action < 3) {
                pyra.entry(symbol, prices.get(symbol).toPlainString());
            } else if (action < 9) {
                // −2.5 % … +2.5 %, on the paper venue's cent
                BigDecimal move = BigDecimal.valueOf(random.nextInt(51) - 25, 3);
                BigDecimal next = prices.get(symbol).multiply(BigDecimal.ONE.add(move)).setScale(2, RoundingMode.HALF_UP);
                prices.put(symbol, next);
                pyra.tick(symbol, next.toPlainString());
            } else {
                pyra.exit(symbol);
            }
        }
        SYMBOLS.forEach(pyra::exit);
        for (int i = 0; i < 100 && pyra.get("/api/v1/groups?status=open").path("groups").size() > 0; i++) {
            Thread.sleep(100);
        }
        pyra.sampleEquityNow();
    }

    @AfterAll
    static void stop() {
        pyra.close();
    }

    private static List<JsonNode> closedGroups() {
        List<JsonNode> all = new java.util.ArrayList<>();
        pyra.get("/api/v1/groups?status=closed&limit=1000").path("groups").forEach(all::add);
        return all;
    }

    /** The stats count a trade when its closing snapshot is committed: wait for the last one. */
    private static JsonNode stats(String query, long trades) throws InterruptedException {
        JsonNode stats = pyra.get("/api/v1/stats" + query);
        for (int i = 0; i < 100 && stats.path("trades").asLong() < trades; i++) {
            Thread.sleep(100);
            stats = pyra.get("/api/v1/stats" + query);
        }
        return stats;
    }

    private static BigDecimal lastPoint(JsonNode stats) {
        JsonNode curve = stats.path("equity");
        return curve.isEmpty() ? BigDecimal.ZERO : new BigDecimal(curve.get(curve.size() - 1).path("equity").asString()).stripTrailingZeros();
    }

    private static boolean bought(JsonNode group) {
        for (JsonNode pyramid : group.path("pyramids")) {
            for (JsonNode leg : pyramid.path("legs")) {
                if (new BigDecimal(leg.path("filledQuote").asString("0")).signum() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void realizedPnlIsTheSumOfTheClosedGroupsToTheLastDecimal() throws Exception {
        List<JsonNode> closed = closedGroups();
        assertThat(closed).hasSizeGreaterThan(5);
        long trades = closed.stream().filter(StatsApiTest::bought).count();
        JsonNode stats = stats("", trades);
        BigDecimal sum = closed.stream().map(g -> new BigDecimal(g.path("realizedPnl").asString())).reduce(BigDecimal.ZERO, BigDecimal::add);

        assertThat(new BigDecimal(stats.path("realizedPnl").asString())).isEqualTo(sum); // equal, scale included: no rounding anywhere
        assertThat(stats.path("trades").asLong()).isEqualTo(trades);
        assertThat(stats.path("wins").asLong())
                .isEqualTo(closed.stream().filter(g -> new BigDecimal(g.path("realizedPnl").asString()).signum() > 0).count());
        assertThat(stats.path("losses").asLong())
                .isEqualTo(closed.stream().filter(g -> new BigDecimal(g.path("realizedPnl").asString()).signum() < 0).count());
    }

    @Test
    void eachPairsRealizedPnlIsItsClosedGroups() throws Exception {
        List<JsonNode> closed = closedGroups();
        JsonNode stats = stats("", closed.stream().filter(StatsApiTest::bought).count());
        for (JsonNode pair : stats.path("byPair")) {
            String symbol = pair.path("symbol").asString();
            BigDecimal sum = closed.stream().filter(g -> g.path("symbol").asString().equals(symbol))
                    .map(g -> new BigDecimal(g.path("realizedPnl").asString())).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(new BigDecimal(pair.path("realizedPnl").asString())).as(symbol).isEqualByComparingTo(sum);
            JsonNode filtered = pyra.get("/api/v1/stats?exchange=paper&symbol=" + symbol);
            assertThat(new BigDecimal(filtered.path("realizedPnl").asString())).as(symbol).isEqualByComparingTo(sum);
        }
    }

    @Test
    void aBadQueryIsAClearError() {
        JsonNode zone = pyra.get("/api/v1/stats?tz=Mars/Olympus");
        assertThat(zone.path("field").asString()).isEqualTo("tz");
        assertThat(zone.path("error").asString()).contains("not a time zone");
        JsonNode range = pyra.get("/api/v1/stats?from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z");
        assertThat(range.path("error").asString()).contains("before");
        assertThat(pyra.get("/api/v1/stats?from=yesterday").path("field").asString()).isEqualTo("from");
    }

    @Test
    void theEquityIsTheCapitalPlusTheRealizedPnlOnceEveryGroupClosed() throws Exception {
        long trades = closedGroups().stream().filter(StatsApiTest::bought).count();
        JsonNode stats = stats("", trades);
        BigDecimal capital = new BigDecimal(stats.path("capital").asString());
        assertThat(capital.signum()).as("the paper account's equity when first seen").isPositive();
        BigDecimal equity = new BigDecimal(stats.path("equityNow").asString());
        assertThat(equity).isEqualByComparingTo(capital.add(new BigDecimal(stats.path("realizedPnl").asString())));
        // closes less than a second apart share a sample, taken within a second of the first: the last one counts them all
        JsonNode sampled = stats;
        for (int i = 0; i < 50 && !lastPoint(sampled).equals(equity.stripTrailingZeros()); i++) {
            Thread.sleep(100);
            sampled = stats("", trades);
        }
        assertThat(sampled.path("equity").size()).as("samples of the closes").isPositive();
        assertThat(lastPoint(sampled)).as("the curve's last point after the last close").isEqualByComparingTo(equity);
    }
}
