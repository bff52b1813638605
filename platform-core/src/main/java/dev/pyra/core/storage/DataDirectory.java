package dev.pyra.core.storage;

import dev.pyra.core.PyraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The layout of Pyra's data directory: config, database files, plugins, logs. */
public record DataDirectory(Path root) {

    public static DataDirectory create(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            Files.createDirectories(absolute.resolve("plugins"));
            Files.createDirectories(absolute.resolve("logs"));
            // it holds the key store, the login files and the database: its owner's only
            dev.pyra.core.security.OwnerOnly.restrict(absolute);
            dev.pyra.core.security.OwnerOnly.restrict(absolute.resolve("logs"));
        } catch (IOException e) {
            throw new PyraException("Cannot create the data directory " + absolute + ": " + e.getMessage(), e);
        }
        return new DataDirectory(absolute);
    }

    public Path configFile() {
        return root.resolve("config.json");
    }

    public Path databaseDir() {
        return root.resolve("pgdata");
    }

    public Path pluginsDir() {
        return root.resolve("plugins");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    /** The user's JavaScript hooks ({@code <name>.js}) and their switches. */
    public Path hooksDir() {
        return root.resolve("hooks");
    }

    public Path lockFile() {
        return root.resolve("pyra.lock");
    }
}
