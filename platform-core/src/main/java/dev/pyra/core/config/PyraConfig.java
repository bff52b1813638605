package dev.pyra.core.config;

import java.util.Map;

/** The config file, bound to types after it passed the schema. */
public record PyraConfig(Webhook webhook, Database database, Map<String, Map<String, Object>> exchanges, Logging logging) {

    public PyraConfig {
        exchanges = exchanges == null ? Map.of() : Map.copyOf(exchanges);
    }

    public record Webhook(String secret, int maxLagSeconds) {}

    public record Database(String jdbcUrl, String username, String password) {}

    public record Logging(String level, int maxFileSizeMb, int maxHistoryDays) {}

    /** Venues switched on in config, with their settings. */
    public Map<String, Map<String, Object>> enabledExchanges() {
        Map<String, Map<String, Object>> enabled = new java.util.TreeMap<>();
        exchanges.forEach((venue, settings) -> {
            if (!Boolean.FALSE.equals(settings.get("enabled"))) {
                enabled.put(venue, settings);
            }
        });
        return enabled;
    }
}
