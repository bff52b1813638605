package dev.pyra.core.config;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.security.KeyStore;
import dev.pyra.core.security.PassphraseSeal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A config backup: the config document (it never holds secrets) and, when the user asks for it,
 * the key store's secrets sealed under a passphrase they choose. Without a passphrase the secrets
 * are left out and a restore keeps the ones stored. A plain config document restores too.
 */
public final class ConfigBackup {
    public static final String FORMAT = "pyra-config-backup";
    private static final String CONTEXT = "pyra config backup v1";

    /** What a backup restores: the config document and the secrets it carried (none when left out). */
    public record Contents(JsonNode config, Map<String, String> secrets, boolean secretsIncluded, Instant createdAt) {}

    private ConfigBackup() {}

    /**
     * @param passphrase present: the secrets go in, sealed under it; empty: they are left out
     * @param excluded key store entries that never leave this data directory (the embedded database's own password)
     */
    public static ObjectNode create(ConfigStore store, Optional<char[]> passphrase, java.util.Set<String> excluded, String version, Instant now) {
        ObjectNode backup = Json.MAPPER.createObjectNode();
        backup.put("format", FORMAT);
        backup.put("version", 1);
        backup.put("pyraVersion", version);
        backup.put("createdAt", now.toString());
        backup.set("config", store.document());
        ObjectNode secrets = backup.putObject("secrets");
        if (passphrase.isEmpty()) {
            secrets.put("included", false);
            return backup;
        }
        KeyStore keys = store.keys();
        Map<String, String> values = new TreeMap<>();
        for (KeyStore.Listed listed : keys.list("")) {
            if (!excluded.contains(listed.name())) {
                keys.get(listed.name()).ifPresent(secret -> values.put(listed.name(), secret.reveal()));
            }
        }
        secrets.put("included", true);
        secrets.set("names", Json.MAPPER.valueToTree(values.keySet()));
        secrets.set("sealed", PassphraseSeal.seal(Json.MAPPER.writeValueAsString(values), passphrase.get(), CONTEXT));
        return backup;
    }

    /**
     * Reads a backup, or a plain config document.
     *
     * @throws BadRequestException when it is neither, or its secrets need a passphrase that is missing or wrong
     */
    public static Contents read(JsonNode uploaded, Optional<char[]> passphrase) {
        if (uploaded == null || !uploaded.isObject()) {
            throw new BadRequestException("backup", "must be a JSON object: a Pyra config backup or a config document");
        }
        if (!FORMAT.equals(uploaded.path("format").asString(""))) {
            return new Contents(uploaded, Map.of(), false, null);
        }
        if (uploaded.path("version").asInt(0) != 1) {
            throw new BadRequestException("backup.version", "this Pyra reads backups of version 1, not " + uploaded.path("version"));
        }
        JsonNode config = uploaded.get("config");
        if (config == null || !config.isObject()) {
            throw new BadRequestException("backup.config", "the backup holds no config document");
        }
        Instant createdAt = null;
        try {
            createdAt = Instant.parse(uploaded.path("createdAt").asString(""));
        } catch (java.time.format.DateTimeParseException e) {
            // a hand-made backup may carry no date; nothing depends on it
        }
        JsonNode secrets = uploaded.path("secrets");
        if (!secrets.path("included").asBoolean(false)) {
            return new Contents(config, Map.of(), false, createdAt);
        }
        if (passphrase.isEmpty() || passphrase.get().length == 0) {
            throw new BadRequestException("passphrase", "this backup carries encrypted secrets: give the passphrase it was made with");
        }
        String plain;
        try {
            plain = PassphraseSeal.open(secrets.path("sealed"), passphrase.get(), CONTEXT);
        } catch (PassphraseSeal.WrongPassphrase e) {
            throw new BadRequestException("passphrase", e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        Json.MAPPER.readTree(plain).properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
        return new Contents(config, values, true, createdAt);
    }
}
