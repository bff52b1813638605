package dev.pyra.web;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.Pyra;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/keys}: exchange API keys (and the webhook's secret and HMAC key) are write-only.
 * They are stored encrypted; every answer shows them masked ({@code abcd…wxyz}) with when each was set.
 */
final class KeyRoutes {
    private static final String V1 = "/api/v1";
    private final Pyra pyra;

    KeyRoutes(Pyra pyra) {
        this.pyra = pyra;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/keys", ctx -> ctx.json(body()));
        routes.put(V1 + "/keys/{owner}", this::put);
        routes.delete(V1 + "/keys/{owner}", this::delete);
        routes.post(V1 + "/keys/passphrase", this::passphrase);
    }

    private Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keys", pyra.keys());
        body.put("protection", pyra.keystoreProtectedByPassphrase() ? "passphrase" : "key-file");
        return body;
    }

    private void put(Context ctx) {
        JsonNode json = Json.MAPPER.readTree(ctx.body());
        if (!(json instanceof tools.jackson.databind.node.ObjectNode object)) {
            throw new BadRequestException("body", "must be a JSON object of key fields, e.g. {\"apiKey\": \"…\", \"apiSecret\": \"…\"}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (var field : object.properties()) {
            if (!field.getValue().isString() && !field.getValue().isNull()) {
                throw new BadRequestException(field.getKey(), "must be a string");
            }
            values.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asString());
        }
        var pending = pyra.putKeys(ctx.pathParam("owner"), values);
        Map<String, Object> body = body(); // after the write: the answer shows the keys just stored
        body.put("pending", pending);
        ctx.json(body);
    }

    private void delete(Context ctx) {
        if (!pyra.removeKeys(ctx.pathParam("owner"))) {
            ctx.status(404).json(ApiServer.error("no keys stored for '" + ctx.pathParam("owner") + "'", null));
            return;
        }
        ctx.json(body());
    }

    /** {@code {"passphrase": "…"}}: re-encrypts the key store under it; empty goes back to a key file. */
    private void passphrase(Context ctx) {
        JsonNode json = Json.MAPPER.readTree(ctx.body());
        JsonNode given = json == null ? null : json.get("passphrase");
        if (given == null || !given.isString()) {
            throw new BadRequestException("passphrase", "missing (an empty string protects the store with a key file again)");
        }
        String passphrase = given.asString();
        if (!passphrase.isEmpty() && passphrase.length() < 12) {
            throw new BadRequestException("passphrase", "must have at least 12 characters");
        }
        pyra.changeKeystorePassphrase(passphrase.toCharArray());
        ctx.json(body());
    }
}
