package dev.pyra.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * With {@code PYRA_API_TOKEN} set, the REST API wants {@code Authorization: Bearer <token>}
 * (health stays open for probes). Without it, the API is only reachable on loopback.
 */
final class ApiAuth {
    private final byte[] expectedDigest;

    ApiAuth(Optional<String> token) {
        this.expectedDigest = token.map(ApiAuth::sha256).orElse(null);
    }

    boolean enabled() {
        return expectedDigest != null;
    }

    void check(Context ctx) {
        if (expectedDigest == null || ctx.path().equals("/api/v1/health")) {
            return;
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (given == null || !MessageDigest.isEqual(sha256(given), expectedDigest)) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(401).json(Map.of("error", "authorization: a valid 'Authorization: Bearer <PYRA_API_TOKEN>' header is required"));
            ctx.skipRemainingHandlers();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
