package dev.pyra.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.TestPostgres;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A signal whose effect was journaled but whose decision was not (a crash between the two
 * transactions) is recognised at the next start and never executed again — the crash campaign
 * found a group that got its opening entry a second time, as a pyramid.
 */
class SignalReplayTest {
    private Database database;
    private SignalRepository signals;

    @BeforeEach
    void start() {
        database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
        signals = new SignalRepository(database.jdbi());
    }

    @AfterEach
    void stop() {
        signals.close();
        database.close();
    }

    private StoredSignal stored(String id) {
        Signal signal = new SignalParser(new FakeDirectory()).parse(dev.pyra.core.Json.MAPPER.readTree("""
                {"exchange":"paper","symbol":"BTCUSDT","timeframe":"60","action":"buy","price":"60000","id":"%s"}""".formatted(id)));
        SignalRepository.Insert insert = signals.insert(signal, "{}", "test", Instant.now(), new SignalOutcome(SignalOutcome.RECEIVED, null));
        return new StoredSignal(insert.id(), signal, Instant.now());
    }

    @Test
    void aSignalWhosePyramidIsInAGroupIsAppliedAlready() {
        StoredSignal applied = stored("applied-1");
        StoredSignal fresh = stored("fresh-1");
        database.jdbi().useHandle(h -> h.createUpdate("""
                insert into position_groups (id, exchange, symbol, pair_key, timeframe, side, status, opened_at, snapshot)
                values (7, 'paper', 'BTCUSDT', 'BTCUSDT', '60', 'buy', 'live', now(), cast(:snapshot as jsonb))""")
                .bind("snapshot", "{\"id\":7,\"pyramids\":[{\"index\":0,\"signalId\":" + applied.id() + ",\"legs\":[]}]}").execute());

        assertThat(signals.undecided()).extracting(StoredSignal::id).contains(applied.id(), fresh.id());
        assertThat(signals.appliedBefore(applied)).contains("applied to group 7");
        assertThat(signals.appliedBefore(fresh)).isEmpty();
    }
}
