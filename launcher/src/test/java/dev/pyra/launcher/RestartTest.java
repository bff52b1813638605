package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.core.PyraException;
import dev.pyra.core.PyraOptions;
import dev.pyra.core.config.Environment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void signalsAndDuplicateDetectionSurviveARestart() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            long id = pyra.webhook(WebhookContractTest.entry("restart-1")).json().get("signalId").asLong();

            pyra.restart();

            JsonNode signals = pyra.get("/api/v1/signals").json().get("signals");
            assertThat(signals.findValuesAsString("clientId")).containsExactly("restart-1");
            JsonNode again = pyra.webhook(WebhookContractTest.entry("restart-1")).json();
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            assertThat(again.get("signalId").asLong()).isEqualTo(id);
        }
    }

    @Test
    void paperOrdersAndBalancesSurviveARestart() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"ETHUSDT\",\"price\":\"3000\"}]");
            var paper = pyra.server().pyra().venues().get("paper").orElseThrow().connector();
            paper.placeOrder(dev.pyra.api.exchange.OrderRequest.market("restart-order-1", "ETHUSDT",
                    dev.pyra.api.exchange.Side.BUY, new java.math.BigDecimal("0.5")));
            String balancesBefore = pyra.get("/api/v1/venues/paper/balances").body();

            pyra.restart();

            var restarted = pyra.server().pyra().venues().get("paper").orElseThrow().connector();
            assertThat(restarted.orderStatus("ETHUSDT", "restart-order-1")).isPresent();
            assertThat(pyra.get("/api/v1/venues/paper/balances").body()).isEqualTo(balancesBefore);
        }
    }

    @Test
    void aSecondInstanceOnTheSameDataDirectoryRefusesToStart() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            PyraOptions second = PyraOptions.of(dataDir).withEnvironment(new Environment(pyra.env));
            assertThatThrownBy(() -> PyraServer.start(second, 0, "127.0.0.1", 0))
                    .isInstanceOf(PyraException.class)
                    .hasMessageContaining("in use by another running Pyra");
            assertThat(pyra.get("/api/v1/health").status()).isEqualTo(200);
        }
    }

    @Test
    void anInvalidConfigFileStopsTheStartWithEveryError() throws Exception {
        java.nio.file.Files.writeString(dataDir.resolve("config.json"), "{\"webhook\":{\"maxLagSeconds\":\"x\"},\"logging\":{\"level\":\"NOISY\"}}");
        assertThatThrownBy(() -> RunningPyra.start(dataDir, Map.of()))
                .isInstanceOf(PyraException.class)
                .hasMessageContaining("$.webhook.maxLagSeconds")
                .hasMessageContaining("$.logging.level");
    }
}
