package dev.pyra.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.core.Json;
import dev.pyra.core.security.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ConfigStoreTest {
    private static final String API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private static final String API_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    @TempDir
    Path dir;

    private KeyStore keys() {
        return KeyStore.open(dir, Optional.empty(), Clock.systemUTC());
    }

    private ConfigStore open(boolean generateSecret) {
        return ConfigStore.open(dir.resolve("config.json"), keys(), generateSecret);
    }

    @Test
    void startUpStartsTheEmbeddedDatabaseAheadOnlyWhenTheFileCannotNameAnotherOne() throws Exception {
        Path file = dir.resolve("config.json");
        assertThat(ConfigStore.mayNameExternalDatabase(file)).as("no file yet").isFalse();
        Files.writeString(file, "{\"database\": {\"jdbcUrl\": \"\"}}");
        assertThat(ConfigStore.mayNameExternalDatabase(file)).as("blank").isFalse();
        Files.writeString(file, "{\"pool\": {\"maxActiveGroups\": 3}}");
        assertThat(ConfigStore.mayNameExternalDatabase(file)).as("no database section").isFalse();
        Files.writeString(file, "{\"database\": {\"jdbcUrl\": \"jdbc:postgresql://db:5432/pyra\"}}");
        assertThat(ConfigStore.mayNameExternalDatabase(file)).as("an external database").isTrue();
        Files.writeString(file, "{\"database\": {\"jdbcUrl\": 5}}");
        assertThat(ConfigStore.mayNameExternalDatabase(file)).as("not a string: the check decides later").isTrue();
        Files.writeString(file, "{\"database\": ");
        assertThat(ConfigStore.mayNameExternalDatabase(file)).as("unreadable: the check reports it").isTrue();
    }

    @Test
    void firstStartWritesDocumentedDefaultsAndKeepsTheGeneratedSecretInTheKeyStore() throws Exception {
        ConfigStore store = open(true);

        Path file = dir.resolve("config.json");
        String text = Files.readString(file);
        JsonNode written = Json.MAPPER.readTree(text);
        assertThat(written.path("webhook").path("maxLagSeconds").asInt()).isEqualTo(60);
        assertThat(written.path("exchanges").path("paper").path("feePercent").asString()).isEqualTo("0.1");
        assertThat(written.path("webhook").path("secret").asString()).isEmpty();
        String secret = store.generatedSecret().orElseThrow();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(30);
        assertThat(text).doesNotContain(secret);
        assertThat(store.config().webhook().secret()).isEqualTo(secret);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSecondStartKeepsTheSecretAndGeneratesNone() {
        String first = open(true).config().webhook().secret();
        ConfigStore again = open(true);
        assertThat(again.config().webhook().secret()).isEqualTo(first);
        assertThat(again.generatedSecret()).isEmpty();
    }

    @Test
    void noSecretIsGeneratedWhenTheEnvironmentProvidesOne() {
        ConfigStore store = open(false);
        assertThat(store.generatedSecret()).isEmpty();
        assertThat(store.config().webhook().secret()).isEmpty();
    }

    @Test
    void clearTextSecretsInAnOldFileMoveIntoTheKeyStoreAndTheFileIsRewrittenWithoutThem() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"webhook": {"secret": "old-clear-webhook-secret", "maxLagSeconds": 60},
                 "database": {"jdbcUrl": "", "username": "", "password": "db-pass-in-clear"},
                 "exchanges": {"paper": {}, "binance": {"enabled": false, "apiKey": "%s", "apiSecret": "%s"}}}""".formatted(API_KEY, API_SECRET));

        ConfigStore store = open(true);

        String text = Files.readString(file);
        assertThat(text).doesNotContain("old-clear-webhook-secret", "db-pass-in-clear", API_KEY, API_SECRET);
        assertThat(store.config().webhook().secret()).isEqualTo("old-clear-webhook-secret");
        assertThat(store.config().database().password()).isEqualTo("db-pass-in-clear");
        assertThat(store.config().exchanges().get("binance").get("apiKey")).isEqualTo(API_KEY);
        assertThat(store.generatedSecret()).isEmpty();
        assertThat(Files.readString(dir.resolve(KeyStore.FILE))).doesNotContain(API_KEY, API_SECRET, "old-clear-webhook-secret");
    }

    /** Defect: keys added with a section that did not exist before were stored as the literal mask. */
    @Test
    void keysSentWithANewExchangeSectionAreKeptEncryptedOnTheFirstSave() throws Exception {
        ConfigStore store = open(true);
        ObjectNode candidate = (ObjectNode) store.redacted();
        ((ObjectNode) candidate.get("exchanges")).putObject("binance").put("enabled", false).put("apiKey", API_KEY).put("apiSecret", API_SECRET);

        store.replace(candidate);

        assertThat(store.config().exchanges().get("binance").get("apiKey")).isEqualTo(API_KEY);
        assertThat(store.config().exchanges().get("binance").get("apiSecret")).isEqualTo(API_SECRET);
        String text = Files.readString(dir.resolve("config.json"));
        assertThat(text).doesNotContain(API_KEY, API_SECRET, Secrets.MASK);
        assertThat(Json.MAPPER.writeValueAsString(store.redacted())).doesNotContain(API_KEY, API_SECRET).contains("vmPU…Eh8A");
        // and a later start still has them
        assertThat(open(true).config().exchanges().get("binance").get("apiSecret")).isEqualTo(API_SECRET);
    }

    @Test
    void anInvalidFileIsRefusedWithEveryErrorNamingItsPath() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"webhook": {"maxLagSeconds": 0}, "logging": {"level": "LOUD"}, "surprise": true}""");

        assertThatThrownBy(() -> open(true))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .contains("$.webhook.maxLagSeconds", "$.logging.level", "$"))
                .hasMessageContaining("surprise");
    }

    @Test
    void malformedJsonIsReportedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\n  \"webhook\": {\n    \"maxLagSeconds\": 60,\n  }\n}");
        assertThatThrownBy(() -> open(true))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not valid JSON at line 4");
    }

    @Test
    void anInvalidReplacementChangesNothing() throws Exception {
        ConfigStore store = open(true);
        Path file = dir.resolve("config.json");
        String before = Files.readString(file);
        ObjectNode candidate = (ObjectNode) store.redacted();
        ((ObjectNode) candidate.get("webhook")).put("maxLagSeconds", "soon");
        ((ObjectNode) candidate.get("exchanges").get("paper")).put("feePercent", "a lot");
        ((ObjectNode) candidate.get("exchanges")).putObject("bybit").put("apiKey", "never-stored-key-because-invalid");

        assertThatThrownBy(() -> store.replace(candidate))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .contains("$.webhook.maxLagSeconds", "$.exchanges.paper.feePercent"));
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(store.config().webhook().maxLagSeconds()).isEqualTo(60);
        assertThat(store.keys().get("exchanges.bybit.apiKey")).isEmpty();
    }

    @Test
    void aValidReplacementKeepsMaskedSecretsAndIsSaved() {
        ConfigStore store = open(true);
        String secret = store.config().webhook().secret();
        ObjectNode candidate = (ObjectNode) store.redacted();
        assertThat(candidate.path("webhook").path("secret").asString()).isNotEqualTo(secret).contains("…");
        ((ObjectNode) candidate.get("webhook")).put("maxLagSeconds", 30);

        store.replace(candidate);

        assertThat(store.config().webhook().maxLagSeconds()).isEqualTo(30);
        assertThat(store.config().webhook().secret()).isEqualTo(secret);
        assertThat(open(true).config().webhook().maxLagSeconds()).isEqualTo(30);
    }

    @Test
    void theRedactedViewNeverCarriesASecret() {
        ConfigStore store = open(true);
        String shown = Json.MAPPER.writeValueAsString(store.redacted());
        assertThat(shown).doesNotContain(store.config().webhook().secret());
    }
}
