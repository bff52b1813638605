package dev.pyra.launcher;

import static dev.pyra.launcher.Scenario.decimal;
import static dev.pyra.launcher.Scenario.leg;
import static dev.pyra.launcher.Scenario.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A venue taking the buy fee in the base asset: Pyra sells only what it owns, and keeps the crumbs as dust. */
class BaseAssetFeeTest {
    @TempDir
    Path dataDir;

    @Test
    void theSellableQuantityIsNetOfTheFeeAndTheRemainderIsTrackedAsDust() throws Exception {
        Files.writeString(dataDir.resolve("config.json"), """
                {"exchanges": {"paper": {"enabled": false}, "basefee": {}},
                 "engine": {"maxPyramids": 5, "capitalPerPyramid": "500", "entryOrder": "market",
                            "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                            "layers": [{"gapPercent": "0", "weightPercent": "100", "tpPercent": "1"}]}}""");
        try (RunningPyra pyra = RunningPyra.start(dataDir, Map.of(dev.pyra.core.config.Environment.WEBHOOK_SECRET, RunningPyra.SECRET))) {
            pyra.post("/api/v1/paper/ticks?exchange=basefee", "[{\"symbol\":\"ETHUSDT\",\"price\":\"2000\"}]");
            pyra.webhook(WebhookContractTest.entry("fee-1").replace("\"paper\"", "\"basefee\"").replace("BINANCE:BTCUSDT", "ETHUSDT")
                    .replace("64000.10", "2000"));
            try (Scenario s = new ScenarioView(pyra)) {
                JsonNode group = s.await(1, g -> state(g, 0, 0).equals("tp-open"));
                JsonNode entry = leg(group, 0, 0);
                assertThat(decimal(entry, "filledQuantity")).isEqualByComparingTo("0.25");
                assertThat(decimal(entry, "feeBase")).isEqualByComparingTo("0.00025");
                assertThat(decimal(group, "heldQuantity")).isEqualByComparingTo("0.24975");
                // cost per unit owned: 500 / 0.24975; the target stays fill price × 1.01
                assertThat(decimal(entry, "tpTarget")).isEqualByComparingTo("2020");

                pyra.post("/api/v1/paper/ticks?exchange=basefee", "[{\"symbol\":\"ETHUSDT\",\"price\":\"2020\"}]");
                group = s.await(1, g -> g.get("status").asString().equals("closed"));
                entry = leg(group, 0, 0);
                assertThat(decimal(entry, "soldQuantity")).isEqualByComparingTo("0.2497"); // net, down to the step
                assertThat(decimal(entry, "dust")).isEqualByComparingTo("0.00005");
                assertThat(decimal(group, "heldQuantity")).isEqualByComparingTo("0");
                // 0.2497 × 2020 − 0.504394 fee − 0.2497 × (500 / 0.24975), and the dust's cost 0.00005 × (500 / 0.24975) as a loss
                assertThat(decimal(entry, "realizedPnl").setScale(6, java.math.RoundingMode.HALF_EVEN)).isEqualByComparingTo("3.889606");
            }
        }
    }

    /** The scenario helpers over an already running Pyra. */
    private static final class ScenarioView extends Scenario {
        ScenarioView(RunningPyra pyra) {
            super(pyra);
        }

        @Override
        public void close() {}
    }
}
