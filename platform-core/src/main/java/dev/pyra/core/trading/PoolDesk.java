package dev.pyra.core.trading;

import dev.pyra.api.exchange.Side;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.PoolSnapshot;
import dev.pyra.core.pool.QueuedEntry;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pool promotion, one room of the engine: when a slot of the execution pool is free, the waiting
 * queue's best entry opens (or adds to) its group; entries past their expiry leave the queue; and
 * the pool as the web app shows it. On the event loop.
 */
final class PoolDesk {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");

    /** What the desk needs of the engine. */
    interface Host {
        /** The keys of the groups holding a slot. */
        Collection<GroupKey> activeKeys();

        List<PositionGroup> activeGroups();

        /** A promoted entry's signal, decided as a new signal would be. */
        SignalOutcome open(StoredSignal stored, GroupKey key);

        BigDecimal lastPrice(String venue, String symbol);

        /** A queued signal's final outcome (the signal log records it). */
        void decided(long signalId, SignalOutcome outcome);
    }

    private final ExecutionPool pool;
    private final Host host;

    PoolDesk(ExecutionPool pool, Host host) {
        this.pool = pool;
        this.host = host;
    }

    void promoteWhileRoom() {
        while (!pool.queueEmpty() && pool.hasRoom(host.activeKeys().size())) {
            // an entry waiting for its key's group to finish closing stays queued until it has
            Set<GroupKey> active = Set.copyOf(host.activeKeys());
            Optional<QueuedEntry> next = pool.takeNext(pairTimeframes(), host::lastPrice,
                    e -> !active.contains(new GroupKey(e.exchange(), e.pairKey(), e.timeframe(), Side.BUY)));
            if (next.isEmpty()) {
                return;
            }
            StoredSignal stored = next.get().signal();
            Signal signal = stored.signal();
            SignalOutcome outcome = host.open(stored, new GroupKey(signal.exchange(), signal.pairKey(), signal.timeframe(), Side.BUY));
            SignalOutcome decided = new SignalOutcome(outcome.status(), "promoted from the waiting queue: " + outcome.reason());
            log.info("Signal {} {}", stored.id(), decided.reason());
            host.decided(stored.id(), decided);
        }
    }

    void expire() {
        for (QueuedEntry entry : pool.expire()) {
            host.decided(entry.signal().id(), SignalOutcome.ignored("expired in the waiting queue (pool.queueExpiryMinutes)"));
        }
    }

    PoolSnapshot snapshot() {
        List<PoolSnapshot.ActiveGroup> active = host.activeGroups().stream()
                .sorted(java.util.Comparator.comparingLong(g -> g.id))
                .map(g -> new PoolSnapshot.ActiveGroup(g.id, g.key.exchange(), g.venueSymbol, g.key.pairKey(), g.key.timeframe(),
                        g.status.label(), g.openedAt))
                .toList();
        return new PoolSnapshot(pool.maxActiveGroups(), active.size(), active, pool.priorityRules(), pool.ranked(pairTimeframes(), host::lastPrice));
    }

    /** The pool as other settings (the settings preview) would hold it: their cap, their ranking of today's queue. */
    PoolSnapshot snapshot(PyraConfig.Pool with) {
        PoolSnapshot now = snapshot();
        return new PoolSnapshot(with.maxActiveGroups(), now.activeGroups(), now.active(), with.priorityRules(),
                pool.ranked(pairTimeframes(), host::lastPrice, with));
    }

    /** The queue's entries as the {@code queuePriority} hook sees them, by signal id, in arrival order. */
    Map<Long, Map<String, Object>> hookEntries() {
        return pool.hookEntries(pairTimeframes(), host::lastPrice);
    }

    /** {@code pair|timeframe} of every group holding a slot: what the continuation rule asks. */
    private Set<String> pairTimeframes() {
        Set<String> active = new HashSet<>();
        host.activeKeys().forEach(k -> active.add(k.pairKey() + "|" + k.timeframe()));
        return active;
    }
}
