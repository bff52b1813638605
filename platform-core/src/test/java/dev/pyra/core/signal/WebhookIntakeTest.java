package dev.pyra.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.engine.Engine;
import dev.pyra.core.engine.EventLoop;
import dev.pyra.core.engine.SignalHandler;
import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookIntakeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
    private static final String SECRET = "s3cret-value-for-tests";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<StoredSignal> handled = new CopyOnWriteArrayList<>();
    private Database database;
    private SignalRepository signals;
    private Engine engine;
    private WebhookIntake intake;

    @BeforeEach
    void start() {
        database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
        signals = new SignalRepository(database.jdbi());
        engine = engine(signal -> {
            handled.add(signal);
            return SignalOutcome.executed("test handler");
        });
        intake = new WebhookIntake(() -> SECRET, () -> 60, new SignalParser(new FakeDirectory()), signals, engine, clock);
    }

    private Engine engine(SignalHandler handler) {
        return new Engine(new EventLoop(), handler, signals, clock);
    }

    @AfterEach
    void stop() {
        engine.close();
        signals.close();
        database.close();
    }

    private static byte[] entry(String id, String time) {
        return ("""
                {"secret":"%s","exchange":"paper","symbol":"BTCUSDT","timeframe":"60","action":"buy","price":"64000.1"%s%s}"""
                .formatted(SECRET, id == null ? "" : ",\"id\":\"" + id + "\"", time == null ? "" : ",\"time\":\"" + time + "\""))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storesTheSignalThenAnswersWithTheEnginesDecision() {
        WebhookAnswer answer = intake.receive(entry("a-1", null), "10.0.0.1");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).containsEntry("status", "executed").containsEntry("reason", "test handler");
        long id = (Long) answer.body().get("signalId");
        assertThat(handled).extracting(StoredSignal::id).containsExactly(id);
        SignalRecord stored = signals.list(10, null).getFirst();
        assertThat(stored.id()).isEqualTo(id);
        assertThat(stored.sourceAddress()).isEqualTo("10.0.0.1");
        assertThat(stored.price()).isEqualByComparingTo("64000.1");
        assertThat(stored.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void theStoredBodyNeverHoldsTheSecret() {
        intake.receive(entry("a-2", null), "10.0.0.1");
        String raw = signals.list(1, null).getFirst().rawBody();
        assertThat(raw).doesNotContain(SECRET).contains("\"secret\":\"********\"").contains("\"id\":\"a-2\"");
    }

    @Test
    void theSameIdTwiceIsADuplicateAndRunsOnce() {
        WebhookAnswer first = intake.receive(entry("dup-1", null), "10.0.0.1");
        WebhookAnswer second = intake.receive(entry("dup-1", null), "10.0.0.1");

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.body()).containsEntry("signalId", first.body().get("signalId"))
                .containsEntry("status", "ignored").containsEntry("duplicate", true);
        assertThat((String) second.body().get("reason")).contains("duplicate of signal " + first.body().get("signalId"));
        assertThat(handled).hasSize(1);
        assertThat(signals.list(10, null)).hasSize(1);
    }

    @Test
    void withoutIdTheSameBodyTimeIsADuplicate() {
        intake.receive(entry(null, "2026-11-23T10:15:00Z"), "10.0.0.1");
        WebhookAnswer again = intake.receive(entry(null, "2026-11-23T10:15:00Z"), "10.0.0.1");
        assertThat(again.body()).containsEntry("duplicate", true);
        assertThat(handled).hasSize(1);
    }

    @Test
    void aStaleSignalIsStoredAsRejectedAndNotExecuted() {
        WebhookAnswer answer = intake.receive(entry("old-1", "2026-11-23T10:14:00Z"), "10.0.0.1");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).containsEntry("status", "rejected");
        assertThat((String) answer.body().get("reason")).contains("stale").contains("90 s old");
        assertThat(handled).isEmpty();
        assertThat(signals.list(1, null).getFirst().status()).isEqualTo("rejected");
    }

    @Test
    void wrongOrMissingSecretIs401AndNothingIsStored() {
        byte[] wrong = new String(entry("x-1", null), StandardCharsets.UTF_8).replace(SECRET, "guess").getBytes(StandardCharsets.UTF_8);
        byte[] missing = new String(entry("x-2", null), StandardCharsets.UTF_8).replace("\"secret\":\"" + SECRET + "\",", "").getBytes(StandardCharsets.UTF_8);

        assertThat(intake.receive(wrong, "10.0.0.1").status()).isEqualTo(401);
        assertThat(intake.receive(missing, "10.0.0.1").status()).isEqualTo(401);
        assertThat(signals.list(10, null)).isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void malformedOrOversizedBodiesAreRefusedAndNothingIsStored() {
        WebhookAnswer malformed = intake.receive("{\"secret\": ".getBytes(StandardCharsets.UTF_8), "10.0.0.1");
        WebhookAnswer notObject = intake.receive("[1,2]".getBytes(StandardCharsets.UTF_8), "10.0.0.1");
        WebhookAnswer oversized = intake.receive(new byte[WebhookIntake.MAX_BODY_BYTES + 1], "10.0.0.1");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).containsEntry("field", "body");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(signals.list(10, null)).isEmpty();
    }

    @Test
    void aFieldErrorNamesTheField() {
        byte[] body = new String(entry("p-1", null), StandardCharsets.UTF_8).replace("\"64000.1\"", "\"abc\"").getBytes(StandardCharsets.UTF_8);
        WebhookAnswer answer = intake.receive(body, "10.0.0.1");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).containsEntry("field", "price");
        assertThat((String) answer.body().get("error")).startsWith("price: not a positive decimal number");
        assertThat(signals.list(10, null)).isEmpty();
    }

    @Test
    void signalsStoredButNeverDecidedAreReplayedAtTheNextStart() {
        Signal signal = new SignalParser(new FakeDirectory()).parse(dev.pyra.core.Json.MAPPER.readTree(entry("r-1", null)));
        long id = signals.insert(signal, "{}", "10.0.0.1", NOW, new SignalOutcome(SignalOutcome.RECEIVED, null)).id();

        engine.replayUndecided();

        org.awaitility.Awaitility.await().until(() -> signals.list(1, null).getFirst().status().equals("executed"));
        assertThat(handled).extracting(StoredSignal::id).containsExactly(id);
        assertThat(signals.undecided()).isEmpty();
    }
}
