package dev.pyra.core.security;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.pyra.core.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Text sealed under a passphrase for carrying outside Pyra (an encrypted backup's secrets):
 * AES-256-GCM (Tink) under a key derived by Argon2id from the passphrase and a fresh salt. The
 * sealed form names its parameters, so a later Pyra can open what an older one sealed.
 */
public final class PassphraseSeal {
    private static final int MEMORY_KIB = 64 * 1024;
    private static final int ITERATIONS = 3;

    /** The passphrase is wrong, or the sealed text was altered. */
    public static final class WrongPassphrase extends RuntimeException {
        WrongPassphrase() {
            super("the passphrase is wrong, or the backup's secrets were altered: they cannot be decrypted");
        }
    }

    private PassphraseSeal() {}

    public static ObjectNode seal(String plaintext, char[] passphrase, String context) {
        byte[] salt = Argon2id.salt();
        try {
            byte[] ciphertext = aead(passphrase, salt, MEMORY_KIB, ITERATIONS)
                    .encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
            ObjectNode sealed = Json.MAPPER.createObjectNode();
            sealed.put("cipher", "AES-256-GCM");
            ObjectNode kdf = sealed.putObject("kdf");
            kdf.put("name", "argon2id");
            kdf.put("memoryKiB", MEMORY_KIB);
            kdf.put("iterations", ITERATIONS);
            kdf.put("salt", Base64.getEncoder().encodeToString(salt));
            sealed.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /** @throws WrongPassphrase when it does not open */
    public static String open(JsonNode sealed, char[] passphrase, String context) {
        JsonNode kdf = sealed.path("kdf");
        try {
            byte[] salt = Base64.getDecoder().decode(kdf.path("salt").asString(""));
            byte[] ciphertext = Base64.getDecoder().decode(sealed.path("ciphertext").asString(""));
            byte[] plain = aead(passphrase, salt, kdf.path("memoryKiB").asInt(MEMORY_KIB), kdf.path("iterations").asInt(ITERATIONS))
                    .decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new WrongPassphrase();
        }
    }

    private static AesGcmJce aead(char[] passphrase, byte[] salt, int memoryKiB, int iterations) throws GeneralSecurityException {
        return new AesGcmJce(Argon2id.derive(passphrase, salt, memoryKiB, iterations, 1, 32));
    }
}
