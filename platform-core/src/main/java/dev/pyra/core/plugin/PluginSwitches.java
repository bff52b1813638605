package dev.pyra.core.plugin;

import dev.pyra.core.Json;
import dev.pyra.core.PyraException;
import dev.pyra.core.security.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.pf4j.PluginStatusProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which plugins the user switched off, and which uploaded jars they removed: one small file in
 * the data directory ({@code plugins.json}), read at start. A switch takes effect at the next
 * start: a plugin is never unloaded under a running engine (pf4j #217, and its venue's orders).
 */
final class PluginSwitches implements PluginStatusProvider {
    private final Path file;
    private final Set<String> disabled = new TreeSet<>();
    private final Set<String> removed = new TreeSet<>();

    PluginSwitches(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                JsonNode doc = Json.MAPPER.readTree(Files.readString(file));
                doc.path("disabled").values().forEach(v -> disabled.add(v.asString()));
                doc.path("remove").values().forEach(v -> removed.add(v.asString()));
            } catch (IOException | RuntimeException e) {
                throw new PyraException("Cannot read " + file + " (which plugins are switched off): " + e.getMessage()
                        + "; fix or delete it", e);
            }
        }
    }

    @Override
    public synchronized boolean isPluginDisabled(String pluginId) {
        return disabled.contains(pluginId);
    }

    @Override
    public synchronized void disablePlugin(String pluginId) {
        disabled.add(pluginId);
        save();
    }

    @Override
    public synchronized void enablePlugin(String pluginId) {
        disabled.remove(pluginId);
        save();
    }

    synchronized void markRemoved(String fileName) {
        removed.add(fileName);
        save();
    }

    synchronized boolean markedRemoved(String fileName) {
        return removed.contains(fileName);
    }

    /** The jars to delete before this start loads anything; forgotten once deleted. */
    synchronized Set<String> takeRemoved() {
        Set<String> taken = new TreeSet<>(removed);
        if (!taken.isEmpty()) {
            removed.clear();
            save();
        }
        return taken;
    }

    private void save() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.set("disabled", Json.MAPPER.valueToTree(disabled));
        doc.set("remove", Json.MAPPER.valueToTree(removed));
        OwnerOnly.write(file, (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
