package dev.pyra.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Pyra keeps its data when {@code --data-dir} is not given. Run from its folder (or a
 * build), {@code ~/.pyra}; installed by a package (its launcher sets {@code pyra.installed}), each
 * system's place for a user's application data — unless {@code ~/.pyra} already exists (someone
 * who ran the folder before keeps their data). Uninstalling never touches it.
 */
final class DataDirectories {
    private DataDirectories() {}

    static Path defaultDirectory() {
        return defaultDirectory(System.getProperty("user.home"), System.getProperty("os.name", ""), System.getenv(),
                Boolean.getBoolean("pyra.installed"));
    }

    static Path defaultDirectory(String home, String osName, Map<String, String> env, boolean installed) {
        Path classic = Path.of(home, ".pyra");
        if (!installed || Files.isDirectory(classic)) {
            return classic;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return local == null || local.isBlank() ? Path.of(home, "AppData", "Local", "Pyra") : Path.of(local, "Pyra");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "Pyra");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return xdg == null || xdg.isBlank() ? Path.of(home, ".local", "share", "pyra") : Path.of(xdg, "pyra");
    }
}
