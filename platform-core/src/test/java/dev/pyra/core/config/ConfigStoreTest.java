package dev.pyra.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ConfigStoreTest {
    @TempDir
    Path dir;

    @Test
    void firstStartWritesDocumentedDefaultsWithAGeneratedSecret() throws Exception {
        Path file = dir.resolve("config.json");
        ConfigStore store = ConfigStore.open(file, true);

        assertThat(file).exists();
        JsonNode written = Json.MAPPER.readTree(Files.readString(file));
        assertThat(written.path("webhook").path("maxLagSeconds").asInt()).isEqualTo(60);
        assertThat(written.path("exchanges").path("paper").path("feePercent").asString()).isEqualTo("0.1");
        assertThat(written.path("exchanges").path("paper").path("startingBalances").path("USDT").asString()).isEqualTo("10000");
        String secret = written.path("webhook").path("secret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(30);
        assertThat(store.generatedSecret()).contains(secret);
        assertThat(store.config().webhook().secret()).isEqualTo(secret);
    }

    @Test
    void aSecondStartKeepsTheSecretAndGeneratesNone() {
        Path file = dir.resolve("config.json");
        String first = ConfigStore.open(file, true).config().webhook().secret();
        ConfigStore again = ConfigStore.open(file, true);
        assertThat(again.config().webhook().secret()).isEqualTo(first);
        assertThat(again.generatedSecret()).isEmpty();
    }

    @Test
    void noSecretIsGeneratedWhenTheEnvironmentProvidesOne() {
        ConfigStore store = ConfigStore.open(dir.resolve("config.json"), false);
        assertThat(store.generatedSecret()).isEmpty();
        assertThat(store.config().webhook().secret()).isEmpty();
    }

    @Test
    void anInvalidFileIsRefusedWithEveryErrorNamingItsPath() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"webhook": {"maxLagSeconds": 0}, "logging": {"level": "LOUD"}, "surprise": true}""");

        assertThatThrownBy(() -> ConfigStore.open(file, true))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .contains("$.webhook.maxLagSeconds", "$.logging.level", "$"))
                .hasMessageContaining("surprise");
    }

    @Test
    void malformedJsonIsReportedWithItsLine() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\n  \"webhook\": {\n    \"maxLagSeconds\": 60,\n  }\n}");
        assertThatThrownBy(() -> ConfigStore.open(file, true))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not valid JSON at line 4");
    }

    @Test
    void anInvalidReplacementChangesNothing() throws Exception {
        Path file = dir.resolve("config.json");
        ConfigStore store = ConfigStore.open(file, true);
        String before = Files.readString(file);
        ObjectNode candidate = (ObjectNode) store.redacted();
        ((ObjectNode) candidate.get("webhook")).put("maxLagSeconds", "soon");
        ((ObjectNode) candidate.get("exchanges").get("paper")).put("feePercent", "a lot");

        assertThatThrownBy(() -> store.replace(candidate))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .contains("$.webhook.maxLagSeconds", "$.exchanges.paper.feePercent"));
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(store.config().webhook().maxLagSeconds()).isEqualTo(60);
    }

    @Test
    void aValidReplacementKeepsMaskedSecretsAndIsSaved() throws Exception {
        Path file = dir.resolve("config.json");
        ConfigStore store = ConfigStore.open(file, true);
        String secret = store.config().webhook().secret();
        ObjectNode candidate = (ObjectNode) store.redacted();
        assertThat(candidate.path("webhook").path("secret").asString()).isEqualTo(Secrets.MASK);
        ((ObjectNode) candidate.get("webhook")).put("maxLagSeconds", 30);

        store.replace(candidate);

        assertThat(store.config().webhook().maxLagSeconds()).isEqualTo(30);
        assertThat(store.config().webhook().secret()).isEqualTo(secret);
        assertThat(ConfigStore.open(file, true).config().webhook().maxLagSeconds()).isEqualTo(30);
    }

    @Test
    void theRedactedViewNeverCarriesASecret() {
        ConfigStore store = ConfigStore.open(dir.resolve("config.json"), true);
        String shown = Json.MAPPER.writeValueAsString(store.redacted());
        assertThat(shown).doesNotContain(store.config().webhook().secret());
    }
}
