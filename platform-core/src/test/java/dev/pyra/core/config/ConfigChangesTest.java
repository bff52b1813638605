package dev.pyra.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ConfigChangesTest {
    private static final ConfigChanges.Venues PAPER_AND_BINANCE = new ConfigChanges.Venues() {
        @Override
        public boolean running(String id) {
            return id.equals("paper") || id.equals("binance");
        }

        @Override
        public boolean simulated(String id) {
            return id.equals("paper");
        }
    };

    private final ObjectNode before = ConfigStore.defaults();

    @Test
    void aLadderChangeIsNamedFieldByFieldAndAppliesAtOnce() {
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.path("engine").path("layers").get(1)).put("gapPercent", "1.5");
        ((ObjectNode) after.path("pool")).put("maxActiveGroups", 4);

        List<ConfigChanges.Change> changes = ConfigChanges.between(before, after, Set.of(), PAPER_AND_BINANCE);

        assertThat(changes).extracting(ConfigChanges.Change::path).containsExactly("engine.layers[1].gapPercent", "pool.maxActiveGroups");
        assertThat(changes.getFirst().from().asString()).isEqualTo("1");
        assertThat(changes.getFirst().to().asString()).isEqualTo("1.5");
        assertThat(changes).allMatch(c -> c.applies().equals("now"));
        assertThat(ConfigChanges.restartRequired(changes)).isFalse();
    }

    @Test
    void aLayerAddedChangesTheListWhole() {
        ObjectNode after = before.deepCopy();
        ((tools.jackson.databind.node.ArrayNode) after.path("engine").path("layers"))
                .add(Json.MAPPER.readTree("{\"gapPercent\":\"3\",\"weightPercent\":\"0\",\"tpPercent\":\"2\"}"));

        List<ConfigChanges.Change> changes = ConfigChanges.between(before, after, Set.of(), PAPER_AND_BINANCE);

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("engine.layers");
            assertThat(c.to().size()).isEqualTo(4);
        });
    }

    @Test
    void theDatabasePaperSettingsAndANewVenueWaitForARestartAndSecretsAreNeverShown() {
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.path("database")).put("jdbcUrl", "jdbc:postgresql://db/pyra");
        ((ObjectNode) after.path("exchanges").path("paper")).put("feePercent", "0.2");
        ((ObjectNode) after.path("exchanges")).putObject("okx").put("testnet", true);
        ObjectNode binanceBefore = ((ObjectNode) before.path("exchanges")).putObject("binance");
        binanceBefore.put("pricePollSeconds", 5);
        ((ObjectNode) after.path("exchanges")).putObject("binance").put("pricePollSeconds", 10);

        List<ConfigChanges.Change> changes = ConfigChanges.between(before, after, Set.of("exchanges.binance.apiKey"), PAPER_AND_BINANCE);

        assertThat(changes).extracting(ConfigChanges.Change::path, ConfigChanges.Change::applies).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("database.jdbcUrl", "restart"),
                org.assertj.core.groups.Tuple.tuple("exchanges.paper.feePercent", "restart"),
                org.assertj.core.groups.Tuple.tuple("exchanges.okx", "restart"),
                org.assertj.core.groups.Tuple.tuple("exchanges.binance.pricePollSeconds", "reconnect"),
                org.assertj.core.groups.Tuple.tuple("exchanges.binance.apiKey", "reconnect"));
        JsonNode secret = changes.stream().filter(c -> c.path().endsWith("apiKey")).findFirst().orElseThrow().to();
        assertThat(secret.asString()).isEqualTo("(hidden)");
        assertThat(ConfigChanges.restartRequired(changes)).isTrue();
    }

    @Test
    void nothingChangedIsNoChange() {
        assertThat(ConfigChanges.between(before, before.deepCopy(), Set.of(), PAPER_AND_BINANCE)).isEmpty();
    }
}
