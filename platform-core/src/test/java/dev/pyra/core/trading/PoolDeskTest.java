package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.Side;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.QueueJournal;
import dev.pyra.core.pool.WaitingQueue;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool-promotion room on its own: a free slot takes the queue's best entry, a closing group's key waits, old entries expire. */
class PoolDeskTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final List<GroupKey> active = new ArrayList<>();
    private final List<String> opened = new ArrayList<>();
    private final Map<Long, SignalOutcome> decided = new LinkedHashMap<>();
    private Database database;
    private SignalRepository signals;
    private ExecutionPool pool;
    private PoolDesk desk;
    private int slots = 1;

    @BeforeEach
    void start() {
        database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
        signals = new SignalRepository(database.jdbi());
        pool = new ExecutionPool(new WaitingQueue(new QueueJournal(database.jdbi(), signals.writer())),
                () -> new PyraConfig.Pool(slots, List.of(), 5, 60), Map.of(), clock);
        desk = new PoolDesk(pool, new PoolDesk.Host() {
            @Override
            public Collection<GroupKey> activeKeys() {
                return active;
            }

            @Override
            public List<PositionGroup> activeGroups() {
                return List.of();
            }

            @Override
            public SignalOutcome open(StoredSignal stored, GroupKey key) {
                opened.add(key.pairKey());
                active.add(key);
                return SignalOutcome.executed("opened a group for " + key.pairKey());
            }

            @Override
            public BigDecimal lastPrice(String venue, String symbol) {
                return null;
            }

            @Override
            public void decided(long signalId, SignalOutcome outcome) {
                decided.put(signalId, outcome);
            }
        });
    }

    @AfterEach
    void stop() {
        signals.close();
        database.close();
    }

    private static GroupKey key(String pair) {
        return new GroupKey("paper", pair, "60", Side.BUY);
    }

    private long queue(String pair) {
        Signal signal = new Signal("paper", pair, pair, pair, "60", Side.BUY, SignalType.ENTRY, null, new BigDecimal("100"), null, null);
        long id = signals.insert(signal, "{}", "test", clock.instant(), SignalOutcome.queued("pool full")).id();
        pool.enqueue(new StoredSignal(id, signal, clock.instant()), "pool full");
        clock.advance(Duration.ofSeconds(1));
        return id;
    }

    @Test
    void aFreedSlotOpensTheOldestWaitingEntryAndSaysItWasPromoted() {
        active.add(key("BTCUSDT"));
        long eth = queue("ETHUSDT");
        queue("SOLUSDT");

        desk.promoteWhileRoom();
        assertThat(opened).as("the slot is taken").isEmpty();

        active.clear();
        desk.promoteWhileRoom();
        assertThat(opened).as("one slot: one entry").containsExactly("ETHUSDT");
        assertThat(decided.get(eth).status()).isEqualTo(SignalOutcome.executed("x").status());
        assertThat(decided.get(eth).reason()).isEqualTo("promoted from the waiting queue: opened a group for ETHUSDT");
    }

    @Test
    void anEntryWhoseGroupIsStillClosingWaitsWhileOthersGo() {
        slots = 2;
        active.add(key("BTCUSDT")); // closing, still holding its key
        queue("BTCUSDT");
        queue("ETHUSDT");

        desk.promoteWhileRoom();
        assertThat(opened).containsExactly("ETHUSDT");
        assertThat(pool.queuedSymbols("paper")).containsExactly("BTCUSDT");
    }

    @Test
    void entriesPastTheirExpiryLeaveTheQueueIgnored() {
        active.add(key("BTCUSDT"));
        long eth = queue("ETHUSDT");
        clock.advance(Duration.ofMinutes(6));

        desk.expire();
        assertThat(decided.get(eth).reason()).isEqualTo("expired in the waiting queue (pool.queueExpiryMinutes)");
        assertThat(pool.queueEmpty()).isTrue();
    }
}
