package dev.pyra.core.security;

import java.util.Objects;

/**
 * A secret value (an API key, a password) that prints as {@code abcd…wxyz}, so a log line, an
 * exception message or a JSON view made by accident shows only its ends. {@link #reveal()} is
 * the one way to the value, for the code that must send it.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    /** {@code abcd…wxyz}; a short secret shows nothing of itself. */
    public String masked() {
        return mask(value);
    }

    public static String mask(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return value.length() < 16 ? "••••••••" : value.substring(0, 4) + "…" + value.substring(value.length() - 4);
    }

    /** Whether {@code text} is what {@link #mask} shows (a client sending back a masked value means "unchanged"). */
    public static boolean looksMasked(String text) {
        return text != null && (text.contains("…") || text.contains("••••") || text.equals(dev.pyra.core.config.Secrets.MASK));
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && java.security.MessageDigest.isEqual(
                s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8), value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
