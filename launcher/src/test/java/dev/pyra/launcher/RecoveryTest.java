package dev.pyra.launcher;

import static dev.pyra.launcher.Scenario.decimal;
import static dev.pyra.launcher.Scenario.leg;
import static dev.pyra.launcher.Scenario.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.PriceTick;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A crash mid-ladder, the market moving while Pyra is down, and a restart: everything applies once. */
class RecoveryTest {
    private static final String ENGINE = """
            {"maxPyramids": 5, "capitalPerPyramid": "1000", "entryOrder": "market",
             "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
             "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1"},
                        {"gapPercent": "1", "weightPercent": "25", "tpPercent": "2"},
                        {"gapPercent": "2", "weightPercent": "25", "tpPercent": "3"}]}""";

    @TempDir
    Path dataDir;

    @Test
    void fillsThatHappenWhileDownApplyExactlyOnceAfterTheRestart() {
        try (Scenario s = Scenario.start(dataDir, ENGINE)) {
            s.tick("ETHUSDT", "2000");
            s.buy("ETHUSDT", "2000");
            JsonNode before = s.await(1, g -> state(g, 0, 1).equals("open") && state(g, 0, 2).equals("open"));
            assertThat(decimal(before, "heldQuantity")).isEqualByComparingTo("0.25");

            // down: leg 1 (1980) and leg 2 (1960) fill on the venue while nobody listens
            s.pyra.crashAndRestart(market -> {
                market.applyTicks(List.of(
                        new PriceTick("ETHUSDT", new BigDecimal("1975"), Instant.now()),
                        new PriceTick("ETHUSDT", new BigDecimal("1955"), Instant.now())));
                // a signal that arrives while the engine is dead is refused, so TradingView resends it, never half-taken
                assertThat(s.pyra.webhook("""
                        {"secret":"%s","exchange":"paper","symbol":"ETHUSDT","timeframe":"60","action":"buy","price":"1955","id":"while-down"}"""
                        .formatted(RunningPyra.SECRET)).status()).isEqualTo(503);
            });

            JsonNode after = s.await(1, g -> state(g, 0, 1).equals("tp-open") && state(g, 0, 2).equals("tp-open"));
            assertThat(decimal(after, "heldQuantity")).isEqualByComparingTo("0.5037"); // 0.25 + 0.1262 + 0.1275
            assertThat(decimal(leg(after, 0, 1), "filledQuantity")).isEqualByComparingTo("0.1262");
            assertThat(decimal(leg(after, 0, 2), "filledQuantity")).isEqualByComparingTo("0.1275");
            assertThat(decimal(leg(after, 0, 2), "tpTarget")).isEqualByComparingTo("2018.8");

            assertThat(s.pyra.get("/api/v1/signals").body()).doesNotContain("while-down");

            // the same fills reported again (a venue resends, a reconcile repeats) change nothing
            s.tick("ETHUSDT", "1950");
            assertThat(decimal(s.group(1), "heldQuantity")).isEqualByComparingTo("0.5037");

            s.tick("ETHUSDT", "2020");
            JsonNode closed = s.await(1, g -> g.get("status").asString().equals("closed"));
            assertThat(decimal(leg(closed, 0, 0), "soldQuantity")).isEqualByComparingTo("0.25");
            assertThat(decimal(leg(closed, 0, 1), "soldQuantity")).isEqualByComparingTo("0.1262");
            assertThat(decimal(leg(closed, 0, 2), "soldQuantity")).isEqualByComparingTo("0.1275");
            assertThat(s.balance("ETH")).isEqualByComparingTo("0");
            // leg 0: 0.25 × 2020 − 0.505 − 500.5; leg 1: 0.1262 × 2020 − 0.254924 − 250.125876;
            // leg 2: 0.1275 × 2020 − 0.25755 − 250.1499
            assertThat(decimal(closed, "realizedPnl")).isEqualByComparingTo("15.68075");
            assertThat(s.balance("USDT")).isEqualByComparingTo(new BigDecimal("10000").add(decimal(closed, "realizedPnl")));
        }
    }

    @Test
    void openGroupsAndTheirLegsSurviveAPlainRestart() {
        try (Scenario s = Scenario.start(dataDir, ENGINE)) {
            s.tick("ETHUSDT", "2000");
            s.buy("ETHUSDT", "2000");
            JsonNode before = s.await(1, g -> state(g, 0, 2).equals("open"));

            s.pyra.restart();

            JsonNode after = s.group(1);
            assertThat(after.get("pyramids")).isEqualTo(before.get("pyramids"));
            assertThat(after.get("status").asString()).isEqualTo("live");
            assertThat(s.buy("ETHUSDT", "2000").get("reason").asString()).contains("added pyramid 1 to group 1");
        }
    }
}
