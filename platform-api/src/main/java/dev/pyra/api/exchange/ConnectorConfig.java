package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The connector's section of the config file, as plain values (strings, numbers, booleans, lists
 * and maps). Secrets in it are already decrypted and must never be logged.
 */
public record ConnectorConfig(String venue, Map<String, Object> settings) {

    public ConnectorConfig {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public Optional<String> string(String key) {
        Object value = settings.get(key);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    public Optional<BigDecimal> decimal(String key) {
        return string(key).map(BigDecimal::new);
    }

    /** {@code "testnet": true} selects the venue's test network or demo account. */
    public boolean testnet() {
        return string("testnet").map(Boolean::parseBoolean).orElse(false);
    }

    /** The {@code baseUrl} override (tests point it at a stub), else the venue's own for the network. */
    public String baseUrl(String mainnet, String testnet) {
        return string("baseUrl").filter(url -> !url.isBlank()).orElse(testnet() ? testnet : mainnet);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String key) {
        Object value = settings.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
