package dev.pyra.core.security;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.pyra.core.Json;
import dev.pyra.core.PyraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pyra's secrets — exchange API keys, the webhook secret, database passwords — encrypted at rest
 * in {@code keystore.json} (owner-only), with Google Tink's AEAD: AES-256-GCM, a fresh random
 * nonce per encryption, each ciphertext bound to its entry's name and carrying the id of the key
 * that made it (Tink's prefix), so keys can rotate. The keyset itself is encrypted under a master
 * key: derived from a passphrase with Argon2id, or, when the user sets none, a random key in
 * {@code master.key} next to it (owner-only).
 *
 * <p>Key file mode protects the secrets against anyone who reads {@code config.json}, a backup of
 * it or the database, and other users on the machine; it does not protect them against someone
 * who can read the whole data directory as the user Pyra runs as. A passphrase protects them
 * there too, and must then be given at every start ({@code PYRA_KEYSTORE_PASSPHRASE} or the
 * console).
 */
public final class KeyStore {
    public static final String FILE = "keystore.json";
    public static final String MASTER_KEY_FILE = "master.key";
    private static final byte[] KEYSET_CONTEXT = "pyra key store keyset".getBytes(StandardCharsets.US_ASCII);
    /** For the passphrase: stronger than the login password's, as it guards every key at once. */
    private static final int KDF_MEMORY_KIB = 64 * 1024;
    private static final int KDF_ITERATIONS = 3;

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Registers Tink's ciphers (the class's static set-up, ~0.2 s on a cold JVM): start-up calls
     * this on a spare thread while logging starts, so the key store opens without that wait.
     */
    public static void prepare() {
        // the static block above has run by the time this returns
    }

    private final Path file;
    private final Path masterKeyFile;
    private final Clock clock;
    private KeysetHandle keyset;
    private Aead aead;
    /** The master key's protection: null for the key file, else the Argon2id salt. */
    private byte[] passphraseSalt;
    private Aead master;
    private final Map<String, Entry> entries = new TreeMap<>();

    /** One secret, encrypted: its ciphertext (Tink's, key id included) and when it was set. */
    private record Entry(byte[] ciphertext, Instant setAt) {}

    /** What {@link #list()} shows of an entry: never its value. */
    public record Listed(String name, String masked, Instant setAt, long keyId) {}

    private KeyStore(Path dataDir, Clock clock) {
        this.file = dataDir.resolve(FILE);
        this.masterKeyFile = dataDir.resolve(MASTER_KEY_FILE);
        this.clock = clock;
    }

    /**
     * Opens the data directory's key store, or creates one protected by a key file.
     *
     * @param passphrase needed (and only used) when the store is protected by one
     * @throws PyraException when the passphrase is missing or wrong, or the store cannot be read
     */
    public static KeyStore open(Path dataDir, Optional<char[]> passphrase, Clock clock) {
        KeyStore store = new KeyStore(dataDir, clock);
        if (Files.exists(store.file)) {
            store.load(passphrase);
        } else {
            store.create();
        }
        return store;
    }

    /** Whether the store at this data directory needs a passphrase to open. */
    public static boolean needsPassphrase(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return false;
        }
        try {
            return "passphrase".equals(Json.MAPPER.readTree(Files.readString(file)).path("protection").asString(""));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void create() {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            OwnerOnly.write(masterKeyFile, Base64.getEncoder().encode(key));
            master = new AesGcmJce(key);
            keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            save();
        } catch (GeneralSecurityException e) {
            throw new PyraException("Cannot create the key store: " + e.getMessage(), e);
        }
    }

    private void load(Optional<char[]> passphrase) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new PyraException("Cannot read the key store " + file + ": " + e.getMessage(), e);
        }
        OwnerOnly.restrict(file);
        String protection = doc.path("protection").asString("key-file");
        try {
            if (protection.equals("passphrase")) {
                char[] given = passphrase.orElseThrow(() -> new PyraException("The key store " + file
                        + " is protected by a passphrase: set PYRA_KEYSTORE_PASSPHRASE, or start Pyra in a terminal to type it"));
                JsonNode kdf = doc.path("kdf");
                passphraseSalt = Base64.getDecoder().decode(kdf.path("salt").asString());
                master = new AesGcmJce(Argon2id.derive(given, passphraseSalt, kdf.path("memoryKiB").asInt(KDF_MEMORY_KIB),
                        kdf.path("iterations").asInt(KDF_ITERATIONS), 1, 32));
            } else {
                if (!Files.exists(masterKeyFile)) {
                    throw new PyraException("The key store " + file + " needs its key file " + masterKeyFile
                            + ", which is missing: restore it from your backup (see docs/security.md, recovery)");
                }
                OwnerOnly.restrict(masterKeyFile);
                master = new AesGcmJce(Base64.getDecoder().decode(Files.readString(masterKeyFile).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new PyraException("Cannot open the key store: " + e.getMessage(), e);
        }
        try {
            keyset = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(doc.path("keyset").asString(), master, KEYSET_CONTEXT);
            aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new PyraException(protection.equals("passphrase")
                    ? "The key store passphrase is wrong (or " + file + " was altered): its keys cannot be decrypted"
                    : "The key store " + file + " cannot be decrypted with " + masterKeyFile
                            + " (the two do not belong together, or one was altered)", e);
        }
        doc.path("entries").properties().forEach(e -> entries.put(e.getKey(), new Entry(
                Base64.getDecoder().decode(e.getValue().path("ciphertext").asString()), Instant.parse(e.getValue().path("setAt").asString()))));
    }

    public synchronized void put(String name, String value) {
        try {
            entries.put(name, new Entry(aead.encrypt(value.getBytes(StandardCharsets.UTF_8), context(name)), clock.instant()));
        } catch (GeneralSecurityException e) {
            throw new PyraException("Cannot encrypt " + name + ": " + e.getMessage(), e);
        }
        save();
    }

    public synchronized Optional<Secret> get(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Secret(new String(aead.decrypt(entry.ciphertext(), context(name)), StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new PyraException("The key store entry " + name + " cannot be decrypted: it was altered, or belongs to another key store", e);
        }
    }

    public synchronized boolean remove(String name) {
        boolean removed = entries.remove(name) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    /** Every entry whose name starts with {@code prefix}, masked. */
    public synchronized java.util.List<Listed> list(String prefix) {
        java.util.List<Listed> listed = new java.util.ArrayList<>();
        entries.forEach((name, entry) -> {
            if (name.startsWith(prefix)) {
                listed.add(new Listed(name, get(name).map(Secret::masked).orElse(""), entry.setAt(), keyId(entry.ciphertext())));
            }
        });
        return listed;
    }

    public synchronized boolean passphraseProtected() {
        return passphraseSalt != null;
    }

    /**
     * Protects the store with a new passphrase (empty: with a key file again): a new data key is
     * made, every entry re-encrypted under it, and the keyset sealed with the new master key.
     */
    public synchronized void changePassphrase(char[] passphrase) {
        try {
            KeysetHandle fresh = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            Aead next = fresh.getPrimitive(RegistryConfiguration.get(), Aead.class);
            Map<String, Entry> reencrypted = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                byte[] plain = aead.decrypt(e.getValue().ciphertext(), context(e.getKey()));
                reencrypted.put(e.getKey(), new Entry(next.encrypt(plain, context(e.getKey())), e.getValue().setAt()));
                java.util.Arrays.fill(plain, (byte) 0);
            }
            if (passphrase.length == 0) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                OwnerOnly.write(masterKeyFile, Base64.getEncoder().encode(key));
                master = new AesGcmJce(key);
                passphraseSalt = null;
            } else {
                passphraseSalt = Argon2id.salt();
                master = new AesGcmJce(Argon2id.derive(passphrase, passphraseSalt, KDF_MEMORY_KIB, KDF_ITERATIONS, 1, 32));
            }
            keyset = fresh;
            aead = next;
            entries.clear();
            entries.putAll(reencrypted);
            save();
            if (passphraseSalt != null) {
                Files.deleteIfExists(masterKeyFile); // the passphrase replaces it; an old copy opens nothing new
            }
        } catch (GeneralSecurityException e) {
            throw new PyraException("Cannot re-encrypt the key store: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries are bound to their names: a ciphertext moved to another entry does not decrypt. */
    private static byte[] context(String name) {
        return ("pyra key store entry " + name).getBytes(StandardCharsets.UTF_8);
    }

    /** Tink's output prefix: a version byte, then the 4-byte id of the key that encrypted it. */
    private static long keyId(byte[] ciphertext) {
        return ciphertext.length < 5 ? 0 : Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }

    private void save() {
        try {
            ObjectNode doc = Json.MAPPER.createObjectNode();
            doc.put("format", 1);
            doc.put("protection", passphraseSalt == null ? "key-file" : "passphrase");
            if (passphraseSalt != null) {
                ObjectNode kdf = doc.putObject("kdf");
                kdf.put("algorithm", "argon2id");
                kdf.put("memoryKiB", KDF_MEMORY_KIB);
                kdf.put("iterations", KDF_ITERATIONS);
                kdf.put("parallelism", 1);
                kdf.put("salt", Base64.getEncoder().encodeToString(passphraseSalt));
            }
            doc.put("keyset", TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, master, KEYSET_CONTEXT));
            ObjectNode list = doc.putObject("entries");
            entries.forEach((name, entry) -> {
                ObjectNode e = list.putObject(name);
                e.put("ciphertext", Base64.getEncoder().encodeToString(entry.ciphertext()));
                e.put("setAt", entry.setAt().toString());
            });
            OwnerOnly.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        } catch (GeneralSecurityException e) {
            throw new PyraException("Cannot save the key store: " + e.getMessage(), e);
        }
    }
}
