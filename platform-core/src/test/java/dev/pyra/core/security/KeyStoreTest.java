package dev.pyra.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.core.Json;
import dev.pyra.core.PyraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class KeyStoreTest {
    private static final String KEY = "tJ8kq2Vn5xQe3Rb7Ym1Wc9Ld4Hs6Gf0Pz2Au8Ko5Ni3Mj7Bv1Xr4Tw6Ey9Dh2Sl0";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private KeyStore open(char[] passphrase) {
        return KeyStore.open(dir, Optional.ofNullable(passphrase), Clock.systemUTC());
    }

    @Test
    void theStoredFilesHoldNoPlaintextAndOnlyTheirOwnerReadsThem() throws Exception {
        open(null).put("exchanges.binance.apiSecret", KEY);

        assertThat(Files.readString(dir.resolve(KeyStore.FILE))).doesNotContain(KEY, KEY.substring(0, 12), KEY.substring(40));
        assertThat(Files.readString(dir.resolve(KeyStore.MASTER_KEY_FILE))).doesNotContain(KEY);
        assertThat(Files.getPosixFilePermissions(dir.resolve(KeyStore.FILE))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve(KeyStore.MASTER_KEY_FILE))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(open(null).get("exchanges.binance.apiSecret").orElseThrow().reveal()).isEqualTo(KEY);
    }

    @Test
    void listsMaskedWithWhenSetAndTheKeyVersion() {
        KeyStore store = open(null);
        store.put("exchanges.binance.apiKey", KEY);

        KeyStore.Listed listed = store.list("exchanges.").getFirst();
        assertThat(listed.masked()).isEqualTo("tJ8k…Sl0".replace("Sl0", "2Sl0"));
        assertThat(listed.setAt()).isNotNull();
        assertThat(listed.keyId()).isPositive();
        assertThat(store.get("exchanges.binance.apiKey").orElseThrow().toString()).doesNotContain(KEY).isEqualTo(listed.masked());
    }

    @Test
    void eachEncryptionHasAFreshNonce() throws Exception {
        KeyStore store = open(null);
        store.put("a.one", KEY);
        String first = Json.MAPPER.readTree(Files.readString(dir.resolve(KeyStore.FILE))).at("/entries/a.one/ciphertext").asString();
        store.put("a.one", KEY);
        String second = Json.MAPPER.readTree(Files.readString(dir.resolve(KeyStore.FILE))).at("/entries/a.one/ciphertext").asString();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aTamperedCiphertextIsRefused() throws Exception {
        open(null).put("exchanges.binance.apiSecret", KEY);
        Path file = dir.resolve(KeyStore.FILE);
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        ObjectNode entry = (ObjectNode) doc.get("entries").get("exchanges.binance.apiSecret");
        byte[] ciphertext = Base64.getDecoder().decode(entry.get("ciphertext").asString());
        ciphertext[ciphertext.length - 3] ^= 0x01; // one bit of the GCM tag's neighbourhood
        entry.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        Files.writeString(file, Json.MAPPER.writeValueAsString(doc));

        KeyStore reopened = open(null);
        assertThatThrownBy(() -> reopened.get("exchanges.binance.apiSecret"))
                .isInstanceOf(PyraException.class)
                .hasMessageContaining("cannot be decrypted: it was altered");
    }

    @Test
    void aCiphertextMovedToAnotherEntryDoesNotDecrypt() throws Exception {
        open(null).put("exchanges.binance.apiSecret", KEY);
        Path file = dir.resolve(KeyStore.FILE);
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        ((ObjectNode) doc.get("entries")).set("exchanges.evil.apiSecret", doc.get("entries").get("exchanges.binance.apiSecret"));
        Files.writeString(file, Json.MAPPER.writeValueAsString(doc));

        assertThatThrownBy(() -> open(null).get("exchanges.evil.apiSecret")).isInstanceOf(PyraException.class);
    }

    @Test
    void aPassphraseReencryptsAndAWrongOneFailsClearly() throws Exception {
        KeyStore store = open(null);
        store.put("exchanges.binance.apiSecret", KEY);
        String before = Files.readString(dir.resolve(KeyStore.FILE));

        store.changePassphrase(PASSPHRASE);

        String after = Files.readString(dir.resolve(KeyStore.FILE));
        assertThat(after).contains("\"protection\" : \"passphrase\"").doesNotContain(KEY);
        assertThat(Json.MAPPER.readTree(after).at("/entries/exchanges.binance.apiSecret/ciphertext").asString())
                .isNotEqualTo(Json.MAPPER.readTree(before).at("/entries/exchanges.binance.apiSecret/ciphertext").asString());
        assertThat(dir.resolve(KeyStore.MASTER_KEY_FILE)).doesNotExist();
        assertThat(KeyStore.needsPassphrase(dir)).isTrue();

        assertThatThrownBy(() -> open("wrong horse battery staple".toCharArray()))
                .isInstanceOf(PyraException.class)
                .hasMessage("The key store passphrase is wrong (or " + dir.resolve(KeyStore.FILE) + " was altered): its keys cannot be decrypted");
        assertThatThrownBy(() -> open(null))
                .isInstanceOf(PyraException.class)
                .hasMessageContaining("protected by a passphrase: set PYRA_KEYSTORE_PASSPHRASE");
        assertThat(open(PASSPHRASE).get("exchanges.binance.apiSecret").orElseThrow().reveal()).isEqualTo(KEY);

        open(PASSPHRASE).changePassphrase(new char[0]); // back to a key file
        assertThat(open(null).get("exchanges.binance.apiSecret").orElseThrow().reveal()).isEqualTo(KEY);
    }

    @Test
    void theLoginPasswordIsStoredAsArgon2id() {
        String phc = Argon2id.hash("s3cret-password".toCharArray());
        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("s3cret-password");
        assertThat(Argon2id.verify("s3cret-password".toCharArray(), phc)).isTrue();
        assertThat(Argon2id.verify("s3cret-passwore".toCharArray(), phc)).isFalse();
    }
}
