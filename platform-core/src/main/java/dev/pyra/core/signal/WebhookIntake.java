package dev.pyra.core.signal;

import dev.pyra.core.Json;
import dev.pyra.core.config.Secrets;
import dev.pyra.core.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A webhook body's path from bytes to a stored, dispatched signal. Nothing invalid is stored or
 * executed; anything stored is never answered with a 5xx (TradingView would resend it).
 */
public final class WebhookIntake {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger("pyra.webhook");
    /** How long the answer waits for the engine's decision; TradingView gives up after ~3 s. */
    private static final Duration DECISION_WAIT = Duration.ofMillis(1500);

    private final Supplier<String> secret;
    private final IntSupplier maxLagSeconds;
    private final SignalParser parser;
    private final SignalRepository signals;
    private final Engine engine;
    private final Clock clock;

    public WebhookIntake(
            Supplier<String> secret, IntSupplier maxLagSeconds, SignalParser parser, SignalRepository signals, Engine engine, Clock clock) {
        this.secret = secret;
        this.maxLagSeconds = maxLagSeconds;
        this.parser = parser;
        this.signals = signals;
        this.engine = engine;
        this.clock = clock;
    }

    public WebhookAnswer receive(byte[] body, String sourceAddress) {
        return receive(body, sourceAddress, false);
    }

    /**
     * {@code POST /api/v1/signals/{id}/replay}: a stored signal's body sent through the same
     * validation, staleness guard and deduplication again (its stored secret is masked; the
     * logged-in caller stands in for it). The same {@code id} is answered as a duplicate.
     */
    public java.util.Optional<WebhookAnswer> replay(long signalId, String by) {
        return signals.rawBody(signalId).map(raw -> {
            log.info("Replaying signal {} ({})", signalId, by);
            return receive(raw.getBytes(StandardCharsets.UTF_8), "replay of signal " + signalId + " by " + by, true);
        });
    }

    /**
     * What replaying a stored signal would meet now, without replaying it: its body (secret
     * masked) and the verdict of today's validation, staleness guard and deduplication.
     *
     * @param verdict {@code accepted} (it would be stored and decided), {@code duplicate} or {@code rejected}
     * @param status the HTTP status the replay would get
     */
    public record ReplayCheck(long signalId, JsonNode body, String verdict, int status, String field, String reason) {}

    public java.util.Optional<ReplayCheck> checkReplay(long signalId) {
        return signals.rawBody(signalId).map(raw -> {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(raw);
            } catch (JacksonException e) {
                return new ReplayCheck(signalId, null, "rejected", 400, "body", "the stored body is not valid JSON");
            }
            if (!(json instanceof ObjectNode object)) {
                return new ReplayCheck(signalId, json, "rejected", 400, "body", "must be a JSON object");
            }
            object.put("secret", Secrets.MASK);
            Signal signal;
            try {
                signal = parser.parse(object.deepCopy());
            } catch (BadSignalException e) {
                return new ReplayCheck(signalId, object, "rejected", e.status(), e.field(), e.detail());
            }
            if (signal.dedupeKey() != null) {
                var earlier = signals.withDedupeKey(signal.dedupeKey());
                if (earlier.isPresent()) {
                    return new ReplayCheck(signalId, object, "duplicate", 202, "id", "duplicate of signal " + earlier.get().id() + " ("
                            + earlier.get().status() + "): a replay is answered as a duplicate and not executed again");
                }
            }
            SignalOutcome initial = staleness(signal, clock.instant());
            if (!SignalOutcome.RECEIVED.equals(initial.status())) {
                return new ReplayCheck(signalId, object, initial.status(), 202, "time", initial.reason());
            }
            return new ReplayCheck(signalId, object, "accepted", 202, null, "valid now: a replay is stored and decided by the engine");
        });
    }

    /** What the checks before storage make of a body: refused with a status and the reason, or a signal. */
    public sealed interface Checked permits Refused, Parsed {}

    public record Refused(int status, String field, String message) implements Checked {}

    public record Parsed(ObjectNode object, Signal signal) implements Checked {}

    /**
     * The checks before anything is stored — size, JSON, an object, the secret, every field — with
     * no side effect: the same body always gets the same verdict (the input fuzzing relies on it).
     */
    public Checked check(byte[] body, boolean replay) {
        if (body.length > MAX_BODY_BYTES) {
            return new Refused(413, null, "body too large: the limit is " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return new Refused(400, "body", "not valid JSON" + where);
        }
        if (!(json instanceof ObjectNode object)) {
            return new Refused(400, "body", "must be a JSON object");
        }
        if (!replay && !secretMatches(object.get("secret"))) {
            return new Refused(401, "secret", "missing or wrong");
        }
        try {
            return new Parsed(object, parser.parse(object));
        } catch (BadSignalException e) {
            return new Refused(e.status(), e.field(), e.detail());
        }
    }

    private WebhookAnswer receive(byte[] body, String sourceAddress, boolean replay) {
        Instant receivedAt = clock.instant();
        Checked checked = check(body, replay);
        if (checked instanceof Refused refused) {
            return reject(refused.status(), refused.field(), refused.message(), sourceAddress);
        }
        ObjectNode object = ((Parsed) checked).object();
        Signal signal = ((Parsed) checked).signal();
        object.put("secret", Secrets.MASK); // the stored body is shown in the UI: never the secret
        String storedBody = Json.MAPPER.writeValueAsString(object);
        SignalOutcome initial = staleness(signal, receivedAt);
        SignalRepository.Insert insert;
        try {
            insert = signals.insert(signal, storedBody, sourceAddress, receivedAt, initial);
        } catch (RuntimeException e) {
            log.error("Signal from {} not stored: {}", sourceAddress, e.getMessage());
            return WebhookAnswer.error(503, null, "storage unavailable, the signal was not accepted; retry");
        }
        if (insert instanceof SignalRepository.Duplicate duplicate) {
            log.info("Signal from {} is a duplicate of signal {}", sourceAddress, duplicate.id());
            return WebhookAnswer.accepted(duplicate.id(),
                    SignalOutcome.ignored("duplicate of signal " + duplicate.id() + " (" + duplicate.status() + "); not executed again"), true);
        }
        long id = insert.id();
        dev.pyra.core.logs.Correlation.signal(id); // its lines carry its id: the log viewer finds and replays it
        try {
            if (!SignalOutcome.RECEIVED.equals(initial.status())) {
                log.info("Signal {} {}: {}", id, initial.status(), initial.reason());
                return WebhookAnswer.accepted(id, initial, false);
            }
            log.info("Signal {} stored from {}: {} {} {} {} on {}", id, sourceAddress, signal.type(), signal.action(),
                    signal.venueSymbol(), signal.timeframe(), signal.exchange());
        } finally {
            dev.pyra.core.logs.Correlation.clear();
        }
        return WebhookAnswer.accepted(id, awaitDecision(new StoredSignal(id, signal, receivedAt)), false);
    }

    private SignalOutcome awaitDecision(StoredSignal stored) {
        try {
            return engine.dispatch(stored).get(DECISION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return SignalOutcome.accepted("stored; the engine decides shortly (see GET /api/v1/signals)");
        } catch (ExecutionException e) {
            log.error("Signal {} failed in the engine: {}", stored.id(), e.getCause().toString());
            return SignalOutcome.accepted("stored; the engine failed on it and will retry at the next start");
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return SignalOutcome.accepted("stored; the engine is stopping and decides at the next start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SignalOutcome.accepted("stored; the engine decides shortly");
        }
    }

    private SignalOutcome staleness(Signal signal, Instant receivedAt) {
        if (signal.time() == null) {
            return new SignalOutcome(SignalOutcome.RECEIVED, null);
        }
        long lag = Duration.between(signal.time(), receivedAt).toSeconds();
        int max = maxLagSeconds.getAsInt();
        if (lag > max) {
            return SignalOutcome.rejected("stale: the signal's time " + signal.time() + " is " + lag
                    + " s old, more than webhook.maxLagSeconds (" + max + ")");
        }
        if (-lag > max) {
            return SignalOutcome.rejected("the signal's time " + signal.time() + " is " + (-lag)
                    + " s in the future, more than webhook.maxLagSeconds (" + max + "); check the sender's clock");
        }
        return new SignalOutcome(SignalOutcome.RECEIVED, null);
    }

    /** Compares digests in constant time, so neither content nor length leaks through timing. */
    private boolean secretMatches(JsonNode given) {
        String expected = secret.get();
        if (given == null || !given.isString() || expected == null || expected.isEmpty()) {
            return false;
        }
        ExpectedDigest known = expectedDigest;
        if (!expected.equals(known.secret())) {
            known = new ExpectedDigest(expected, sha256(expected)); // the secret was changed: hashed once, not per webhook
            expectedDigest = known;
        }
        return MessageDigest.isEqual(sha256(given.asString()), known.digest());
    }

    private record ExpectedDigest(String secret, byte[] digest) {}

    private volatile ExpectedDigest expectedDigest = new ExpectedDigest(null, null);

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebhookAnswer reject(int status, String field, String message, String source) {
        log.warn("Webhook from {} refused ({}): {}{}", source, status, field == null ? "" : field + ": ", message);
        return WebhookAnswer.error(status, field, message);
    }
}
