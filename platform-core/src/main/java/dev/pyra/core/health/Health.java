package dev.pyra.core.health;

import java.util.Map;

/**
 * What {@code GET /api/v1/health} reports. {@code status} is {@code up} when the database answers,
 * every plugin loaded and every configured venue is ready; {@code degraded} when the database is
 * up but something else is not (a plugin, a venue, a hook thread given up); {@code down} when the database is not.
 */
public record Health(String status, String version, DatabaseHealth database, PluginHealth plugins, Map<String, VenueHealth> venues, EngineHealth engine,
        HooksHealth hooks) {

    /**
     * @param restarts how often the embedded server died and was started again by Pyra since it started
     * @param restarting true while the embedded server is dead and being started again
     */
    public record DatabaseHealth(String status, boolean embedded, String version, int restarts, boolean restarting) {}

    public record PluginHealth(int started, int failed) {}

    /** @param condition what the connector is going through now (a rate-limit pause, its order stream down), or null */
    public record VenueHealth(String status, int symbols, String error, String condition) {}

    public record EngineHealth(int pendingEvents) {}

    /**
     * @param active hooks deciding now
     * @param threadsGivenUp hook threads left to a call that would not stop (each holds a CPU until Pyra restarts): degraded
     */
    public record HooksHealth(int active, int threadsGivenUp) {}
}
