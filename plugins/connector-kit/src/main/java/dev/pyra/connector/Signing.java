package dev.pyra.connector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The request signatures venues ask for; the secret never leaves this class's callers' memory. */
public final class Signing {
    private Signing() {}

    public static String hmacSha256Hex(String secret, String payload) {
        return HexFormat.of().formatHex(mac("HmacSHA256", secret, payload));
    }

    public static String hmacSha256Base64(String secret, String payload) {
        return Base64.getEncoder().encodeToString(mac("HmacSHA256", secret, payload));
    }

    public static String hmacSha512Hex(String secret, String payload) {
        return HexFormat.of().formatHex(mac("HmacSHA512", secret, payload));
    }

    public static String sha512Hex(String payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] mac(String algorithm, String secret, String payload) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
