package dev.pyra.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.Side;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.SignalRepository;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.MutableClock;
import dev.pyra.core.testing.TestPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The waiting queue in PostgreSQL, and entries expiring after the configured wait. */
class WaitingQueueTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private Database database;
    private SignalRepository signals;
    private int expiryMinutes;

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

    private StoredSignal signal(String pair, String price) {
        Signal signal = new Signal("paper", pair, pair, pair, "60", Side.BUY, SignalType.ENTRY, null, new BigDecimal(price), null, null);
        long id = signals.insert(signal, "{}", "test", clock.instant(), SignalOutcome.queued("pool full")).id();
        return new StoredSignal(id, signal, clock.instant());
    }

    private ExecutionPool pool(WaitingQueue queue) {
        return new ExecutionPool(queue, () -> new PyraConfig.Pool(1, List.of(), expiryMinutes, 60), Map.of(), clock);
    }

    @Test
    void theQueueComesBackInOrderWithItsCountsAfterARestart() {
        QueueJournal journal = new QueueJournal(database.jdbi(), signals.writer());
        ExecutionPool pool = pool(new WaitingQueue(journal));
        StoredSignal sol = signal("SOLUSDT", "150");
        StoredSignal xrp = signal("XRPUSDT", "0.5");
        StoredSignal btc = signal("BTCUSDT", "60000");
        pool.enqueue(sol, 1);
        pool.enqueue(xrp, 1);
        pool.enqueue(btc, 1);
        clock.set(T0.plusSeconds(30));
        StoredSignal xrpAgain = signal("XRPUSDT", "0.49");
        assertThat(pool.enqueue(xrpAgain, 1).status()).isEqualTo("replaced");
        pool.remove(pool.waiting("paper", "BTCUSDT", "60").orElseThrow(), "exit");
        signals.writer().flush();

        WaitingQueue restored = new WaitingQueue(journal);
        restored.restore(journal.load());

        assertThat(restored.entries()).extracting(e -> e.pairKey()).containsExactly("SOLUSDT", "XRPUSDT");
        QueuedEntry replaced = restored.entries().get(1);
        assertThat(replaced.signal().id()).isEqualTo(xrpAgain.id());
        assertThat(replaced.signal().signal().price()).isEqualByComparingTo("0.49");
        assertThat(replaced.firstSignalId).isEqualTo(xrp.id());
        assertThat(replaced.replacementCount()).isEqualTo(1);
        assertThat(replaced.queuedAt).isEqualTo(T0);
        assertThat(replaced.replacedAt).isEqualTo(T0.plusSeconds(30));
        assertThat(replaced.sequence).isEqualTo(2);
        // a new entry after the restart queues behind them (the deleted entry's number is free again)
        pool(restored).enqueue(signal("ETHUSDT", "2000"), 1);
        assertThat(restored.entries().getLast().sequence).isEqualTo(3);
    }

    @Test
    void entriesExpireAfterTheConfiguredWaitAndNeverWhenItIsZero() {
        ExecutionPool pool = pool(new WaitingQueue(new QueueJournal(database.jdbi(), signals.writer())));
        pool.enqueue(signal("SOLUSDT", "150"), 1);
        clock.set(T0.plus(Duration.ofMinutes(10)));
        pool.enqueue(signal("XRPUSDT", "0.5"), 1);

        clock.set(T0.plus(Duration.ofDays(30)));
        assertThat(pool.expire()).as("expiry off (0)").isEmpty();

        expiryMinutes = 15;
        clock.set(T0.plus(Duration.ofMinutes(16)));
        List<QueuedEntry> expired = pool.expire();

        assertThat(expired).extracting(QueuedEntry::pairKey).containsExactly("SOLUSDT");
        assertThat(pool.waiting("paper", "XRPUSDT", "60")).isPresent();
        assertThat(pool.waiting("paper", "SOLUSDT", "60")).isEmpty();
    }
}
