package dev.pyra.core.security;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The REST API's bearer tokens for scripts: {@code PYRA_API_TOKEN} from the environment, and one
 * the user generates in the web app (kept encrypted in the key store, shown once when made).
 */
public final class ApiTokens {
    public static final String ENTRY = "api.token";

    private final KeyStore keys;
    private final Optional<String> fromEnvironment;

    public ApiTokens(KeyStore keys, Optional<String> fromEnvironment) {
        this.keys = keys;
        this.fromEnvironment = fromEnvironment.filter(t -> !t.isBlank());
    }

    /** A new token replaces the stored one; answered in clear this once. */
    public String generate() {
        String token = "pyra_" + Logins.random(32);
        keys.put(ENTRY, token);
        return token;
    }

    public boolean revoke() {
        return keys.remove(ENTRY);
    }

    /** Whether {@code presented} is one of the tokens, compared in constant time. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        // digests have one length whatever was sent: the comparison says nothing about the token's
        byte[] given = sha256(presented);
        boolean match = false;
        for (String token : tokens()) {
            match |= MessageDigest.isEqual(given, sha256(token));
        }
        return match;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> tokens() {
        java.util.ArrayList<String> tokens = new java.util.ArrayList<>();
        fromEnvironment.ifPresent(tokens::add);
        keys.get(ENTRY).map(Secret::reveal).ifPresent(tokens::add);
        return tokens;
    }
}
