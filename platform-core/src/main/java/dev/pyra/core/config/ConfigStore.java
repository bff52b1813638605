package dev.pyra.core.config;

import dev.pyra.core.Json;
import dev.pyra.core.PyraException;
import dev.pyra.core.security.KeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config file: written with defaults on first start, validated against the schema at start
 * and on every change. An invalid config is refused whole and the one in force stays.
 *
 * <p>Secrets never stay in the file: a secret value ({@link Secrets#isSecretKey}: the webhook
 * secret, a database password, exchange API keys) found in it at start, or sent in a change, is
 * moved into the {@link KeyStore} under its JSON path ({@code exchanges.binance.apiKey}) and the
 * file is written without it. The bound {@link #config()} carries them (in memory only, for the
 * venues and the database); {@link #redacted()} shows them masked; {@link #document()} (what the
 * file holds, and what a backup is made of) has none.
 */
public final class ConfigStore {
    private static final String DEFAULTS = "/dev/pyra/core/config/config.defaults.json";

    private final Path file;
    private final ConfigSchema schema;
    private final KeyStore keys;
    private final List<Function<PyraConfig, List<ConfigError>>> validators = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<PyraConfig, PyraConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile ObjectNode document;
    private volatile PyraConfig config;
    private volatile String generatedSecret;

    private ConfigStore(Path file, ConfigSchema schema, KeyStore keys) {
        this.file = file;
        this.schema = schema;
        this.keys = keys;
    }

    /**
     * Loads (or on first start creates) the config file.
     *
     * @param generateSecret when true and no webhook secret is set, one is generated and saved
     * @throws InvalidConfigException listing every error with its JSON path
     */
    public static ConfigStore open(Path file, KeyStore keys, boolean generateSecret) {
        ConfigStore store = new ConfigStore(file, ConfigSchema.load(), keys);
        store.loadOrCreate(generateSecret);
        return store;
    }

    /**
     * Whether the config file, read as it is before any check, may name an external database (it
     * does, or it cannot be read to tell): start-up starts the embedded PostgreSQL ahead only when not.
     */
    public static boolean mayNameExternalDatabase(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        try {
            JsonNode url = Json.MAPPER.readTree(Files.readString(file)).path("database").path("jdbcUrl");
            return !(url.isMissingNode() || url.isNull() || url.isString() && url.asString().isBlank());
        } catch (IOException | JacksonException e) {
            return true;
        }
    }

    /** The name of the webhook secret in the key store. */
    public static final String WEBHOOK_SECRET = "webhook.secret";

    private void loadOrCreate(boolean generateSecret) {
        ObjectNode merged = defaults();
        if (Files.exists(file)) {
            deepMerge(merged, parse(readFile(), file.toString()));
        }
        Map<String, String> found = takeSecrets(merged);
        validate(withSecrets(merged, found), file.toString());
        found.forEach(keys::put);
        if (!found.isEmpty()) {
            log.warn("Moved {} secret(s) from {} into the key store ({}); the file is rewritten without them", found.size(), file,
                    String.join(", ", found.keySet()));
        }
        boolean write = !Files.exists(file) || !found.isEmpty();
        if (generateSecret && keys.get(WEBHOOK_SECRET).isEmpty()) {
            generatedSecret = newSecret();
            keys.put(WEBHOOK_SECRET, generatedSecret);
        }
        if (write) {
            writeFile(merged);
        }
        dev.pyra.core.security.OwnerOnly.restrict(file);
        install(merged);
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("pyra.system");

    /**
     * Takes every secret value out of the document (left empty in it), by its JSON path. A value
     * that is empty or masked ({@code ********}, {@code abcd…wxyz}) means "keep the stored one".
     */
    static Map<String, String> takeSecrets(ObjectNode document) {
        Map<String, String> found = new java.util.TreeMap<>();
        takeSecrets(document, "", found);
        return found;
    }

    private static void takeSecrets(ObjectNode node, String prefix, Map<String, String> found) {
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(node.properties())) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            JsonNode value = entry.getValue();
            if (value instanceof ObjectNode child) {
                takeSecrets(child, path, found);
            } else if (Secrets.isSecretKey(entry.getKey()) && value.isString()) {
                String text = value.asString();
                if (!text.isEmpty() && !dev.pyra.core.security.Secret.looksMasked(text)) {
                    found.put(path, text);
                }
                node.put(entry.getKey(), "");
            }
        }
    }

    /** A copy of the document with the stored secrets (and {@code pending} ones) put back where their sections exist. */
    private ObjectNode withSecrets(ObjectNode document, Map<String, String> pending) {
        ObjectNode copy = document.deepCopy();
        Map<String, String> all = new java.util.TreeMap<>();
        for (KeyStore.Listed listed : keys.list("")) {
            if (inConfig(listed.name())) {
                keys.get(listed.name()).ifPresent(secret -> all.put(listed.name(), secret.reveal()));
            }
        }
        all.putAll(pending);
        all.forEach((path, value) -> put(copy, path, value));
        return copy;
    }

    /** The stored secrets that are config values (the others, like the webhook's HMAC key, live only in the store). */
    private static boolean inConfig(String name) {
        return name.startsWith("exchanges.") || name.equals(WEBHOOK_SECRET) || name.equals("database.password");
    }

    /** Sets a leaf at a dotted path if its parent object exists (keys of a venue not configured stay out); answers whether it did. */
    private static boolean put(ObjectNode root, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(node.get(parts[i]) instanceof ObjectNode child)) {
                return false;
            }
            node = child;
        }
        node.put(parts[parts.length - 1], value);
        return true;
    }

    /** The names of these secrets whose value differs from the one stored (or that are not stored). */
    public java.util.Set<String> changedSecrets(Map<String, String> secrets) {
        java.util.Set<String> changed = new java.util.TreeSet<>();
        secrets.forEach((name, value) -> {
            if (keys.get(name).map(stored -> !stored.reveal().equals(value)).orElse(true)) {
                changed.add(name);
            }
        });
        return changed;
    }

    /** The key store behind the secrets. */
    public KeyStore keys() {
        return keys;
    }

    /**
     * Binds the config again with the key store's current secrets (after keys were set or
     * removed through {@code /api/v1/keys}); answers the config it replaced.
     */
    public synchronized PyraConfig reloadSecrets() {
        PyraConfig before = config;
        install(document);
        return before;
    }

    public Path file() {
        return file;
    }

    public ConfigSchema schema() {
        return schema;
    }

    public PyraConfig config() {
        return config;
    }

    /** The config document as stored: no secrets in it (they are in the key store). */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** The config as the API and UI may show it: each stored secret masked ({@code abcd…wxyz}) where its section exists. */
    public JsonNode redacted() {
        ObjectNode copy = document.deepCopy();
        for (KeyStore.Listed listed : keys.list("")) {
            if (inConfig(listed.name())) {
                put(copy, listed.name(), listed.masked());
            }
        }
        return copy;
    }

    /** The secret generated by this start, if one was; shown once on the console. */
    public java.util.Optional<String> generatedSecret() {
        return java.util.Optional.ofNullable(generatedSecret);
    }

    /**
     * Replaces the whole config. Masked secrets keep their current value.
     *
     * @throws InvalidConfigException when invalid; the config in force does not change
     */
    public synchronized PyraConfig replace(JsonNode incoming) {
        return replace(incoming, "PUT /api/v1/config");
    }

    /** Called after every accepted change, with the config before and after it (logging follows it this way). */
    public void onChange(java.util.function.BiConsumer<PyraConfig, PyraConfig> listener) {
        listeners.add(listener);
    }

    private static String changedSections(PyraConfig before, PyraConfig after) {
        List<String> changed = new ArrayList<>();
        if (!before.webhook().equals(after.webhook())) changed.add("webhook");
        if (!before.database().equals(after.database())) changed.add("database");
        if (!before.exchanges().equals(after.exchanges())) changed.add("exchanges");
        if (!before.engine().equals(after.engine())) changed.add("engine");
        if (!before.pool().equals(after.pool())) changed.add("pool");
        if (!before.risk().equals(after.risk())) changed.add("risk");
        if (!before.precision().equals(after.precision())) changed.add("precision");
        if (!before.logging().equals(after.logging())) changed.add("logging");
        if (!before.security().equals(after.security())) changed.add("security");
        if (!before.ui().equals(after.ui())) changed.add("ui");
        if (!before.stats().equals(after.stats())) changed.add("stats");
        if (!before.hooks().equals(after.hooks())) changed.add("hooks");
        return changed.isEmpty() ? "nothing changed" : "sections " + String.join(", ", changed);
    }

    /**
     * A candidate config checked as a change would be, without saving anything.
     *
     * @param document the candidate as the file would hold it (no secrets)
     * @param secrets the secrets it would store, by key store name, only those that differ from the stored ones
     * @param errors empty when it would be accepted
     */
    public record Checked(ObjectNode document, Map<String, String> secrets, List<ConfigError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Checked check(JsonNode incoming) {
        if (!(incoming instanceof ObjectNode incomingObject)) {
            return new Checked(null, Map.of(), List.of(new ConfigError("$", "must be a JSON object")));
        }
        ObjectNode candidate = incomingObject.deepCopy();
        Map<String, String> pending = takeSecrets(candidate);
        pending.entrySet().removeIf(e -> keys.get(e.getKey()).map(stored -> stored.reveal().equals(e.getValue())).orElse(false));
        return new Checked(candidate, pending, errors(withSecrets(candidate, pending)));
    }

    /**
     * A backup's config with its secrets put back where the config holds them; the ones the
     * config does not hold (the webhook's HMAC key) come back in {@code storeOnly}.
     */
    public record Restorable(ObjectNode candidate, Map<String, String> storeOnly) {}

    public static Restorable restorable(JsonNode document, Map<String, String> secrets) {
        if (!(document instanceof ObjectNode object)) {
            throw new InvalidConfigException("from the backup", List.of(new ConfigError("$", "must be a JSON object")));
        }
        ObjectNode candidate = object.deepCopy();
        Map<String, String> storeOnly = new java.util.TreeMap<>();
        secrets.forEach((name, value) -> {
            if (!inConfig(name) || !put(candidate, name, value)) {
                storeOnly.put(name, value); // keys of a venue with no section of its own live in the store alone
            }
        });
        return new Restorable(candidate, storeOnly);
    }

    /** Restores a backup: its config replaces the one in force (validated like any change), then its other secrets are stored. */
    public synchronized PyraConfig restore(Restorable restorable, String source) {
        replace(restorable.candidate(), source);
        restorable.storeOnly().forEach(keys::put);
        if (!restorable.storeOnly().isEmpty()) {
            log.info("Restored {} more secret(s) into the key store ({})", restorable.storeOnly().size(),
                    String.join(", ", restorable.storeOnly().keySet()));
            install(document); // the venues' keys among them are bound with the config
        }
        return config;
    }

    /** Replaces the whole config; {@code source} says who asked, for the log. */
    public synchronized PyraConfig replace(JsonNode incoming, String source) {
        Checked checked = check(incoming);
        if (!checked.valid()) {
            throw new InvalidConfigException("from the request", checked.errors());
        }
        Map<String, String> pending = checked.secrets();
        pending.forEach(keys::put);
        if (!pending.isEmpty()) {
            log.info("Config change: {} secret(s) stored in the key store ({})", pending.size(), String.join(", ", pending.keySet()));
        }
        PyraConfig before = config;
        writeFile(checked.document());
        install(checked.document());
        log.info("Config changed ({}): {}", source, changedSections(before, config));
        PyraConfig after = config;
        listeners.forEach(l -> l.accept(before, after));
        return config;
    }

    /** The schema first; then, on a config of the right shape, the rules across values and the host's own checks. */
    private void validate(JsonNode candidate, String source) {
        List<ConfigError> errors = errors(candidate);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(source, errors);
        }
    }

    private List<ConfigError> errors(JsonNode candidate) {
        List<ConfigError> errors = schema.validate(candidate);
        if (errors.isEmpty()) {
            PyraConfig bound;
            try {
                bound = Json.MAPPER.treeToValue(candidate, PyraConfig.class);
            } catch (tools.jackson.core.JacksonException e) {
                // what the schema lets through but the config cannot hold (a null where a number must be: ConfigFuzzTest)
                return List.of(new ConfigError(jsonPath(e), "not a value this setting can take: " + e.getOriginalMessage()));
            }
            errors = new ArrayList<>(ConfigRules.check(bound));
            for (Function<PyraConfig, List<ConfigError>> validator : validators) {
                errors.addAll(validator.apply(bound));
            }
        }
        return errors;
    }

    private static String jsonPath(tools.jackson.core.JacksonException e) {
        StringBuilder path = new StringBuilder("$");
        for (tools.jackson.core.JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Adds a check run on every later change (e.g. "this take-profit mode is installed"). */
    public void addValidator(Function<PyraConfig, List<ConfigError>> validator) {
        validators.add(validator);
    }

    private void install(ObjectNode merged) {
        PyraConfig bound = Json.MAPPER.treeToValue(withSecrets(merged, Map.of()), PyraConfig.class);
        this.document = merged;
        this.config = bound;
    }

    private String readFile() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new PyraException("Cannot read the config file " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode parse(String text, String source) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (!(node instanceof ObjectNode)) {
                throw new InvalidConfigException(source, List.of(new ConfigError("$", "must be a JSON object")));
            }
            return node;
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidConfigException(source, List.of(new ConfigError("$", "not valid JSON" + where + ": " + e.getOriginalMessage())));
        }
    }

    /** Written whole through a temporary file (a crash never leaves half a config behind), owner-only. */
    private void writeFile(JsonNode config) {
        try {
            dev.pyra.core.security.OwnerOnly.write(file,
                    (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.UncheckedIOException e) {
            throw new PyraException("Cannot write the config file " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode defaults() {
        try (InputStream in = ConfigStore.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Values of {@code overlay} win; objects merge key by key so new default keys appear in old files. */
    static void deepMerge(ObjectNode base, JsonNode overlay) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(overlay.properties());
        for (Map.Entry<String, JsonNode> entry : entries) {
            JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode) {
                deepMerge(existingObject, entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
