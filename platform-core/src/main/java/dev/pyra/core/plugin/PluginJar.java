package dev.pyra.core.plugin;

import dev.pyra.core.BadRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.pf4j.VersionManager;

/**
 * An uploaded plugin jar, read before it is kept: a PF4J plugin (id, version, the Pyra API range
 * it needs) with extensions, built against this API (it must not bring its own copy of the API or
 * of PF4J: the host's are the ones its classes must meet).
 */
record PluginJar(String id, String version, String requires, String provider, String description, List<String> extensions) {
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern VERSION = Pattern.compile("^[0-9]+\\.[0-9]+\\.[0-9]+([-+][A-Za-z0-9.-]+)?$");

    /** @throws BadRequestException naming what is wrong with it */
    static PluginJar inspect(byte[] bytes, String apiVersion, VersionManager versions) {
        if (bytes.length == 0) {
            throw new BadRequestException("file", "the upload is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new BadRequestException("file", "a plugin jar may be at most " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            throw new BadRequestException("file", "not a jar file (a jar is a zip archive)");
        }
        Manifest manifest = null;
        List<String> extensions = new ArrayList<>();
        boolean bringsApi = false;
        boolean bringsPf4j = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (name.equals("META-INF/MANIFEST.MF")) {
                    manifest = new Manifest(zip);
                } else if (name.equals("META-INF/extensions.idx")) {
                    for (String line : new String(zip.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            extensions.add(line.trim());
                        }
                    }
                } else if (name.startsWith("dev/pyra/api/") && name.endsWith(".class")) {
                    bringsApi = true;
                } else if (name.startsWith("org/pf4j/") && name.endsWith(".class")) {
                    bringsPf4j = true;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BadRequestException("file", "not a readable jar: " + e.getMessage());
        }
        if (manifest == null || manifest.getMainAttributes().getValue("Plugin-Id") == null) {
            throw new BadRequestException("file", "not a PF4J plugin: its META-INF/MANIFEST.MF has no Plugin-Id (see docs/plugins.md)");
        }
        Attributes main = manifest.getMainAttributes();
        String id = main.getValue("Plugin-Id").trim();
        String version = value(main, "Plugin-Version");
        String requires = value(main, "Plugin-Requires");
        if (!ID.matcher(id).matches()) {
            throw new BadRequestException("file", "Plugin-Id '" + id + "' is not a plugin id (letters, digits, '.', '_', '-')");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new BadRequestException("file", "Plugin-Version '" + version + "' is not a version like 1.2.3");
        }
        if (requires == null || requires.isBlank() || requires.equals("*")) {
            throw new BadRequestException("file", "the plugin does not say which Pyra API it was built for (Plugin-Requires, e.g. >=" + apiVersion + ")");
        }
        boolean compatible;
        try {
            compatible = versions.checkVersionConstraint(apiVersion, requires);
        } catch (RuntimeException e) {
            throw new BadRequestException("file", "Plugin-Requires '" + requires + "' is not a version range: " + e.getMessage());
        }
        if (!compatible) {
            throw new BadRequestException("file", "built for Pyra API " + requires + "; this Pyra has API " + apiVersion);
        }
        if (bringsApi) {
            throw new BadRequestException("file", "the jar bundles its own copy of Pyra's API (dev/pyra/api): declare platform-api "
                    + "with scope provided, as plugin-template does");
        }
        if (bringsPf4j) {
            throw new BadRequestException("file", "the jar bundles its own copy of PF4J: declare pf4j with scope provided");
        }
        if (extensions.isEmpty()) {
            throw new BadRequestException("file", "the plugin declares no extensions (no META-INF/extensions.idx: is annotation processing on?)");
        }
        return new PluginJar(id, version, requires, value(main, "Plugin-Provider"), value(main, "Plugin-Description"), List.copyOf(extensions));
    }

    private static String value(Attributes attributes, String name) {
        String value = attributes.getValue(name);
        return value == null ? null : value.trim();
    }

    /** The file name it is kept under: chosen here, never taken from the upload. */
    String fileName() {
        return id + "-" + version + ".jar";
    }
}
