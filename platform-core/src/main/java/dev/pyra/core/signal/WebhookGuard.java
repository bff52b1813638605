package dev.pyra.core.signal;

import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.net.AddressRange;
import dev.pyra.core.security.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a webhook must get past before its body is even parsed: the source-IP allowlist (403),
 * the per-source rate limit (429), and, when required, an HMAC-SHA256 signature of the body (401).
 * {@code X-Forwarded-For} is believed only from a configured trusted proxy.
 */
public final class WebhookGuard {
    private static final Logger log = LoggerFactory.getLogger("pyra.webhook");
    public static final String SIGNATURE_HEADER = "X-Pyra-Signature";
    /** The HMAC key's name in the key store. */
    public static final String HMAC_KEY = "webhook.hmacKey";
    private static final int MAX_TRACKED_SOURCES = 10_000;

    private final Supplier<PyraConfig.Webhook> settings;
    private final Supplier<Optional<Secret>> hmacKey;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public WebhookGuard(Supplier<PyraConfig.Webhook> settings, Supplier<Optional<Secret>> hmacKey, Clock clock) {
        this.settings = settings;
        this.hmacKey = hmacKey;
        this.clock = clock;
    }

    /** The client a webhook came from: the peer, or the first address a trusted proxy says it forwarded for. */
    public String client(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !AddressRange.anyContains(settings.get().trustedProxies(), peer)) {
            return peer;
        }
        String first = forwardedFor.split(",")[0].trim();
        return AddressRange.literal(first) == null ? peer : first;
    }

    /** A refusal, or empty when the webhook may go on to the intake. */
    public Optional<WebhookAnswer> check(String client, byte[] body, String signature) {
        PyraConfig.Webhook webhook = settings.get();
        if (webhook.ipAllowlist().enabled() && !AddressRange.anyContains(webhook.ipAllowlist().addresses(), client)) {
            return refuse(403, "source", client + " is not on the webhook allowlist (webhook.ipAllowlist)", client);
        }
        long retryAfter = take(client, webhook.rateLimitPerMinute());
        if (retryAfter > 0) {
            WebhookAnswer answer = WebhookAnswer.error(429, null, "rate limited: more than " + webhook.rateLimitPerMinute()
                    + " webhooks a minute from " + client + " (webhook.rateLimitPerMinute); retry in " + retryAfter + " s");
            answer.body().put("retryAfterSeconds", retryAfter);
            log.warn("Webhook from {} refused (429): rate limited", client);
            return Optional.of(answer);
        }
        if (webhook.hmacRequired()) {
            Optional<Secret> key = hmacKey.get();
            if (key.isEmpty()) {
                return refuse(401, "signature", "webhook.hmacRequired is on but no HMAC key is set (PUT /api/v1/keys/webhook)", client);
            }
            if (signature == null || !signature.startsWith("sha256=") || !matches(key.get(), body, signature.substring(7))) {
                return refuse(401, "signature", "missing or wrong " + SIGNATURE_HEADER + " (sha256=<hex HMAC-SHA256 of the body>)", client);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Secret key, byte[] body, String hex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given;
            try {
                given = HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Token bucket per source: {@code perMinute} tokens, refilled evenly. Answers 0, or the seconds until one is free. */
    private long take(String client, int perMinute) {
        if (buckets.size() > MAX_TRACKED_SOURCES) {
            buckets.clear(); // a flood of sources: start over rather than grow without bound
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(perMinute, clock.millis()));
        synchronized (bucket) {
            long now = clock.millis();
            double refill = (now - bucket.at) * perMinute / 60_000.0;
            bucket.tokens = Math.min(perMinute, bucket.tokens + refill);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) * 60.0 / perMinute));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private static Optional<WebhookAnswer> refuse(int status, String field, String message, String client) {
        log.warn("Webhook from {} refused ({}): {}: {}", client, status, field, message);
        return Optional.of(WebhookAnswer.error(status, field, message));
    }
}
