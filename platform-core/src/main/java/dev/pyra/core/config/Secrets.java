package dev.pyra.core.config;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Which config values are secret, and how they are hidden in anything Pyra shows. */
public final class Secrets {
    /** What the API and UI show instead of a secret; sent back unchanged it means "keep the current value". */
    public static final String MASK = "********";

    private static final Set<String> SECRET_KEYS = Set.of("secret", "password", "apikey", "apisecret", "passphrase", "privatekey");

    private Secrets() {}

    public static boolean isSecretKey(String key) {
        return SECRET_KEYS.contains(key.toLowerCase(java.util.Locale.ROOT));
    }

    /** A copy with every non-empty secret replaced by {@link #MASK}. */
    public static JsonNode redact(JsonNode config) {
        JsonNode copy = config.deepCopy();
        walk(copy, null);
        return copy;
    }

    /** Puts the current secrets back where {@code incoming} carries the mask. */
    public static void restoreMasked(JsonNode incoming, JsonNode current) {
        walk(incoming, current);
    }

    private static void walk(JsonNode node, JsonNode current) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            JsonNode currentValue = current == null ? null : current.get(key);
            if (isSecretKey(key) && value.isString()) {
                if (current == null && !value.asString().isEmpty()) {
                    object.put(key, MASK);
                } else if (current != null && MASK.equals(value.asString())) {
                    object.set(key, currentValue == null ? object.stringNode("") : currentValue.deepCopy());
                }
            } else {
                walk(value, currentValue);
            }
        }
    }
}
