package dev.pyra.core.hooks;

import dev.pyra.core.Json;
import dev.pyra.core.PyraException;
import dev.pyra.core.security.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hooks on disk: {@code <data-dir>/hooks/<name>.js}, one per decision, edited in the web app
 * or with any editor; and {@code hooks.json} beside them, which remembers the hooks the user
 * switched off and those Pyra switched off after failures (so a restart does not quietly run a
 * broken hook again).
 */
final class HookFiles {
    /** A hook's source above this is refused: hooks are small functions, not programs. */
    static final int MAX_SOURCE_BYTES = 256 * 1024;

    /** A hook's file as last read: its source, and what tells a new version apart. */
    record Version(String source, FileTime modified, long size) {}

    /**
     * Why a hook is switched off.
     *
     * @param byUser switched off on the Hooks page (it stays off until switched on); else by Pyra after failures
     *     (a new version of the file switches it on again)
     */
    record Off(boolean byUser, String reason, String at) {}

    private final Path dir;
    private final Path switches;
    private final Map<HookName, Off> off = new EnumMap<>(HookName.class);

    HookFiles(Path dir) {
        this.dir = dir;
        this.switches = dir.resolve("hooks.json");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PyraException("Cannot create the hooks directory " + dir + ": " + e.getMessage(), e);
        }
        if (Files.exists(switches)) {
            try {
                JsonNode doc = Json.MAPPER.readTree(Files.readString(switches));
                doc.path("off").properties().forEach(e -> HookName.find(e.getKey()).ifPresent(name -> off.put(name,
                        new Off(e.getValue().path("byUser").asBoolean(), e.getValue().path("reason").asString(""),
                                e.getValue().path("at").asString(null)))));
            } catch (IOException | RuntimeException e) {
                throw new PyraException("Cannot read " + switches + " (which hooks are switched off): " + e.getMessage()
                        + "; fix or delete it", e);
            }
        }
    }

    Path dir() {
        return dir;
    }

    Path file(HookName name) {
        return dir.resolve(name.fileName());
    }

    /** The hook's file now; empty when there is none. */
    Optional<Version> read(HookName name) {
        Path file = file(name);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            long size = Files.size(file);
            if (size > MAX_SOURCE_BYTES) {
                return Optional.of(new Version(null, Files.getLastModifiedTime(file), size));
            }
            return Optional.of(new Version(Files.readString(file, StandardCharsets.UTF_8), Files.getLastModifiedTime(file), size));
        } catch (IOException e) {
            throw new PyraException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file changed since this version was read (a cheap look: time and size). */
    boolean changedSince(HookName name, Version seen) {
        Path file = file(name);
        try {
            if (!Files.isRegularFile(file)) {
                return seen != null;
            }
            return seen == null || !Files.getLastModifiedTime(file).equals(seen.modified()) || Files.size(file) != seen.size();
        } catch (IOException e) {
            return true;
        }
    }

    void write(HookName name, String source) {
        OwnerOnly.write(file(name), source.getBytes(StandardCharsets.UTF_8));
    }

    void delete(HookName name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new PyraException("Cannot delete " + file(name) + ": " + e.getMessage(), e);
        }
    }

    synchronized Optional<Off> off(HookName name) {
        return Optional.ofNullable(off.get(name));
    }

    synchronized void switchOff(HookName name, Off why) {
        off.put(name, why);
        save();
    }

    synchronized void switchOn(HookName name) {
        if (off.remove(name) != null) {
            save();
        }
    }

    private void save() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ObjectNode offNode = doc.putObject("off");
        off.forEach((name, why) -> {
            ObjectNode one = offNode.putObject(name.name());
            one.put("byUser", why.byUser());
            one.put("reason", why.reason());
            one.put("at", why.at());
        });
        OwnerOnly.write(switches, (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
