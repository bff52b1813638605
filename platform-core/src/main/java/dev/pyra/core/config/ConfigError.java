package dev.pyra.core.config;

/** One reason a config is refused, located by its JSON path (e.g. {@code $.webhook.maxLagSeconds}). */
public record ConfigError(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
