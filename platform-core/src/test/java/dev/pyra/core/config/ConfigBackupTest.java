package dev.pyra.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.security.KeyStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ConfigBackupTest {
    private static final String API_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final char[] PASSPHRASE = "backup passphrase 1".toCharArray();

    @TempDir
    Path dir;

    private ConfigStore storeWithKeys() {
        KeyStore keys = KeyStore.open(dir, Optional.empty(), Clock.systemUTC());
        ConfigStore store = ConfigStore.open(dir.resolve("config.json"), keys, true);
        ObjectNode config = (ObjectNode) store.document();
        ((ObjectNode) config.path("exchanges")).putObject("binance").put("apiKey", "binance-key-1234").put("apiSecret", API_SECRET);
        store.replace(config);
        keys.put("database.embeddedPassword", "embedded-only-here");
        return store;
    }

    @Test
    void withoutAPassphraseTheSecretsStayOut() {
        ConfigStore store = storeWithKeys();
        JsonNode backup = ConfigBackup.create(store, Optional.empty(), Set.of("database.embeddedPassword"), "0.1.0", Instant.now());

        String text = Json.MAPPER.writeValueAsString(backup);
        assertThat(text).doesNotContain(API_SECRET).doesNotContain("binance-key-1234").doesNotContain("embedded-only-here");
        assertThat(backup.path("secrets").path("included").asBoolean()).isFalse();
        ConfigBackup.Contents contents = ConfigBackup.read(backup, Optional.empty());
        assertThat(contents.secrets()).isEmpty();
        assertThat(contents.config().path("exchanges").path("binance").path("apiSecret").asString()).isEmpty();
    }

    @Test
    void withAPassphraseTheSecretsAreSealedAndComeBackOnlyWithIt() {
        ConfigStore store = storeWithKeys();
        JsonNode backup = ConfigBackup.create(store, Optional.of(PASSPHRASE), Set.of("database.embeddedPassword"), "0.1.0", Instant.now());

        String text = Json.MAPPER.writeValueAsString(backup);
        assertThat(text).doesNotContain(API_SECRET).doesNotContain("binance-key-1234").doesNotContain("embedded-only-here");
        assertThat(backup.path("secrets").path("names").toString()).contains("exchanges.binance.apiSecret", "webhook.secret")
                .doesNotContain("database.embeddedPassword");

        ConfigBackup.Contents contents = ConfigBackup.read(backup, Optional.of(PASSPHRASE));
        assertThat(contents.secrets()).containsEntry("exchanges.binance.apiSecret", API_SECRET)
                .containsEntry("exchanges.binance.apiKey", "binance-key-1234").doesNotContainKey("database.embeddedPassword");

        assertThatThrownBy(() -> ConfigBackup.read(backup, Optional.of("another passphrase".toCharArray())))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("passphrase is wrong");
        assertThatThrownBy(() -> ConfigBackup.read(backup, Optional.empty()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("give the passphrase");
    }

    @Test
    void anAlteredSealIsRefused() {
        ObjectNode backup = ConfigBackup.create(storeWithKeys(), Optional.of(PASSPHRASE), Set.of(), "0.1.0", Instant.now());
        ObjectNode sealed = (ObjectNode) backup.path("secrets").path("sealed");
        String ciphertext = sealed.path("ciphertext").asString();
        byte[] bytes = java.util.Base64.getDecoder().decode(ciphertext);
        bytes[bytes.length / 2] ^= 1;
        sealed.put("ciphertext", java.util.Base64.getEncoder().encodeToString(bytes));

        assertThatThrownBy(() -> ConfigBackup.read(backup, Optional.of(PASSPHRASE))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void aPlainConfigDocumentRestoresTooAndNonsenseIsRefused() {
        JsonNode plain = ConfigStore.defaults();
        assertThat(ConfigBackup.read(plain, Optional.empty()).config()).isEqualTo(plain);
        assertThatThrownBy(() -> ConfigBackup.read(Json.MAPPER.readTree("[1,2]"), Optional.empty()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ConfigBackup.read(Json.MAPPER.readTree("{\"format\":\"pyra-config-backup\",\"version\":9}"), Optional.empty()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("version");
    }
}
