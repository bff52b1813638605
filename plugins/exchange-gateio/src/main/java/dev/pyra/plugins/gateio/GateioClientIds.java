package dev.pyra.plugins.gateio;

import dev.pyra.api.exchange.StateStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Pyra's client order ids as Gate's {@code text}: {@code "t-"} and at most 28 bytes of
 * {@code 0-9 A-Z a-z _ - .}. An id that fits (every Pyra id of up to 28 characters) is sent as
 * {@code "t-" + id} and read back by dropping the prefix. Longer ids (Pyra allows 36) cannot be
 * packed reversibly into 28 characters of that alphabet in general, so they become
 * {@code "t-." + their first 11 characters + 16 characters of their SHA-256}: deterministic, so a
 * retry of the same intent finds the same order, and marked by the leading dot, which Pyra ids never
 * carry. Those are remembered in the connector's durable state before the order is sent, and read
 * back from it in every report.
 */
final class GateioClientIds {
    static final String PREFIX = "t-";
    static final int MAX_TEXT = 28;
    private static final Pattern ALLOWED = Pattern.compile("[0-9A-Za-z_\\-][0-9A-Za-z_.\\-]*");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String STATE_KEY = "gateio.text.";
    private static final String ORDER_KEY = "gateio.order.";

    private final StateStore state;
    private final Map<String, String> known = new ConcurrentHashMap<>();
    private final Map<String, String> orderIds = new ConcurrentHashMap<>();

    GateioClientIds(StateStore state) {
        this.state = state;
    }

    /** The {@code text} Gate gets for this client order id. */
    String toVenue(String clientOrderId) {
        if (clientOrderId.length() <= MAX_TEXT && ALLOWED.matcher(clientOrderId).matches()) {
            return PREFIX + clientOrderId;
        }
        String head = clientOrderId.replaceAll("[^0-9A-Za-z_.\\-]", "_");
        String text = PREFIX + "." + head.substring(0, Math.min(11, head.length())) + digest(clientOrderId);
        if (!clientOrderId.equals(known.put(text, clientOrderId)) && state != null) {
            state.put(STATE_KEY + text, clientOrderId);
        }
        return text;
    }

    /** The client order id behind Gate's {@code text}; orders made elsewhere (web, app) are named by their venue id. */
    String fromVenue(String text, String venueOrderId) {
        if (text == null || !text.startsWith(PREFIX) || text.length() == PREFIX.length()) {
            return "gateio-" + venueOrderId;
        }
        String body = text.substring(PREFIX.length());
        if (!body.startsWith(".")) {
            return body;
        }
        String id = known.get(text);
        if (id == null && state != null) {
            Optional<String> stored = state.get(STATE_KEY + text);
            if (stored.isPresent()) {
                id = stored.get();
                known.put(text, id);
            }
        }
        return id == null ? body : id;
    }

    /**
     * Gate finds an order by its {@code text} only while it rests and for an hour after it ends;
     * by its order id always. The id it answered a placement with is kept durably.
     */
    void rememberOrderId(String text, String orderId) {
        if (orderId == null || orderId.isBlank() || orderId.equals(orderIds.put(text, orderId))) {
            return;
        }
        if (state != null && state.get(ORDER_KEY + text).isEmpty()) {
            state.put(ORDER_KEY + text, orderId);
        }
    }

    /** Gate's order id for this {@code text}, when a placement or an answer told it. */
    Optional<String> orderId(String text) {
        String id = orderIds.get(text);
        if (id == null && state != null) {
            Optional<String> stored = state.get(ORDER_KEY + text);
            stored.ifPresent(value -> orderIds.put(text, value));
            return stored;
        }
        return Optional.ofNullable(id);
    }

    private static String digest(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            BigInteger n = new BigInteger(1, hash);
            StringBuilder out = new StringBuilder();
            BigInteger base = BigInteger.valueOf(62);
            for (int i = 0; i < 16; i++) {
                BigInteger[] qr = n.divideAndRemainder(base);
                out.append(BASE62.charAt(qr[1].intValue()));
                n = qr[0];
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
