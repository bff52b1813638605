package dev.pyra.core;

import dev.pyra.core.config.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * How to start Pyra.
 *
 * @param configFile null for {@code <dataDir>/config.json}
 * @param pluginDirs extra plugin directories (the distribution's {@code plugins/}); the data
 *     directory's {@code plugins/} is always searched too
 * @param durableDatabase synchronous commit and fsync for the embedded PostgreSQL (off only in tests)
 * @param standby when another Pyra holds the database, wait and take over when it stops instead of refusing to start
 */
public record PyraOptions(Path dataDir, Path configFile, List<Path> pluginDirs, Environment environment, boolean durableDatabase, Clock clock,
        boolean standby) {

    public PyraOptions {
        pluginDirs = List.copyOf(pluginDirs);
    }

    public static PyraOptions of(Path dataDir) {
        return new PyraOptions(dataDir, null, List.of(), Environment.system(), true, Clock.systemUTC(), false);
    }

    public PyraOptions withConfigFile(Path file) {
        return new PyraOptions(dataDir, file, pluginDirs, environment, durableDatabase, clock, standby);
    }

    public PyraOptions withPluginDirs(List<Path> dirs) {
        return new PyraOptions(dataDir, configFile, dirs, environment, durableDatabase, clock, standby);
    }

    public PyraOptions withEnvironment(Environment env) {
        return new PyraOptions(dataDir, configFile, pluginDirs, env, durableDatabase, clock, standby);
    }

    public PyraOptions withDurableDatabase(boolean durable) {
        return new PyraOptions(dataDir, configFile, pluginDirs, environment, durable, clock, standby);
    }

    public PyraOptions withStandby(boolean wait) {
        return new PyraOptions(dataDir, configFile, pluginDirs, environment, durableDatabase, clock, wait);
    }

    public PyraOptions withClock(Clock c) {
        return new PyraOptions(dataDir, configFile, pluginDirs, environment, durableDatabase, c, standby);
    }
}
