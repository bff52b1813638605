package dev.pyra.core.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The difference between the config in force and a candidate, leaf by leaf, each change with when
 * it takes effect: {@code now} (the engine reads it on its next decision), {@code reconnect} (a real
 * venue reconnects with it once nothing is working on it) or {@code restart}. Secrets are named,
 * never shown.
 */
public final class ConfigChanges {

    /**
     * @param path dotted, with list indexes: {@code engine.layers[1].gapPercent}
     * @param from the value in force (null: absent); a secret shows as {@code "(hidden)"}
     * @param to the candidate's value (null: removed)
     * @param applies {@code now}, {@code reconnect} or {@code restart}
     */
    public record Change(String path, JsonNode from, JsonNode to, String applies, String note) {}

    /** What the running Pyra knows about a venue: whether it runs, and whether it is a simulator (paper). */
    public interface Venues {
        boolean running(String id);

        boolean simulated(String id);
    }

    private ConfigChanges() {}

    /**
     * @param secrets the names of key store entries the candidate sets ({@code exchanges.binance.apiKey})
     */
    public static List<Change> between(JsonNode before, JsonNode after, Set<String> secrets, Venues venues) {
        List<Change> changes = new ArrayList<>();
        diff("", before, after, changes, venues);
        for (String name : secrets) {
            changes.add(new Change(name, hidden(), hidden(), applies(name, venues), "a secret: stored encrypted in the key store"));
        }
        return changes;
    }

    /** Whether any of these changes waits for a restart. */
    public static boolean restartRequired(List<Change> changes) {
        return changes.stream().anyMatch(c -> c.applies().equals("restart"));
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<Change> into, Venues venues) {
        if (before == null && after == null || before != null && before.equals(after)) {
            return;
        }
        if (before instanceof ObjectNode b && after instanceof ObjectNode a) {
            Set<String> names = new LinkedHashSet<>(b.propertyNames());
            names.addAll(a.propertyNames());
            for (String name : names) {
                diff(path.isEmpty() ? name : path + "." + name, b.get(name), a.get(name), into, venues);
            }
            return;
        }
        // lists of objects of one length (the DCA layers) change field by field; other lists change whole
        if (before != null && after != null && before.isArray() && after.isArray() && before.size() == after.size()
                && allObjects(before) && allObjects(after)) {
            for (int i = 0; i < before.size(); i++) {
                diff(path + "[" + i + "]", before.get(i), after.get(i), into, venues);
            }
            return;
        }
        if (Secrets.isSecretKey(lastName(path))) {
            return; // the documents hold no secrets (empty strings); the key store changes are listed apart
        }
        into.add(new Change(path, before, after, applies(path, venues), note(path, venues)));
    }

    private static boolean allObjects(JsonNode array) {
        for (Iterator<JsonNode> it = array.values().iterator(); it.hasNext(); ) {
            if (!it.next().isObject()) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> RESTART_PATHS = Set.of("security.sessionIdleHours", "security.loginMaxFailures");

    private static String applies(String path, Venues venues) {
        if (path.startsWith("database") || RESTART_PATHS.contains(path)) {
            return "restart";
        }
        if (path.startsWith("exchanges.")) {
            String venue = venueOf(path);
            if (!venues.running(venue) || venues.simulated(venue) || path.equals("exchanges." + venue + ".enabled")
                    || path.equals("exchanges." + venue)) {
                return "restart";
            }
            return "reconnect";
        }
        return "now";
    }

    private static String note(String path, Venues venues) {
        if (path.startsWith("exchanges.")) {
            String venue = venueOf(path);
            if (path.equals("exchanges." + venue) || path.equals("exchanges." + venue + ".enabled")) {
                return "switching a venue on or off applies after a restart";
            }
            if (venues.simulated(venue)) {
                return "paper settings apply after a restart";
            }
            if (!venues.running(venue)) {
                return "this venue is not running: its settings apply when it starts";
            }
            return "the venue reconnects with it once it has no open group, queued signal or working order";
        }
        if (path.startsWith("database")) {
            return "the database connection is made at start";
        }
        if (RESTART_PATHS.contains(path)) {
            return "login settings are read at start";
        }
        if (path.startsWith("logging")) {
            return "applied to the running log files (bundled logging configuration)";
        }
        return "the engine uses it from its next decision";
    }

    private static String venueOf(String path) {
        String rest = path.substring("exchanges.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static String lastName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static JsonNode hidden() {
        return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode("(hidden)");
    }
}
