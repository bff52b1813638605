package dev.pyra.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * Settings given by environment variables, which win over the config file (containers, scripts,
 * tests). Passed in rather than read from {@code System.getenv} so tests can set them.
 */
public record Environment(Map<String, String> variables) {
    public static final String API_TOKEN = "PYRA_API_TOKEN";
    public static final String WEBHOOK_SECRET = "PYRA_WEBHOOK_SECRET";
    public static final String JDBC_URL = "PYRA_JDBC_URL";
    /** Opens a key store protected by a passphrase (a service has no terminal to type it in). */
    public static final String KEYSTORE_PASSPHRASE = "PYRA_KEYSTORE_PASSPHRASE";

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public static Environment none() {
        return new Environment(Map.of());
    }

    public Optional<String> get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public Optional<String> apiToken() {
        return get(API_TOKEN);
    }

    public Optional<String> webhookSecret() {
        return get(WEBHOOK_SECRET);
    }

    public Optional<String> keystorePassphrase() {
        return get(KEYSTORE_PASSPHRASE);
    }

    public Optional<String> jdbcUrl() {
        return get(JDBC_URL);
    }
}
