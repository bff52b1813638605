package dev.pyra.core.pool;

import dev.pyra.api.strategy.PoolView;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.QueuedSignal;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps how many position groups are active and decides who goes next. Only a new position group
 * takes a slot (pyramids, DCA legs and partial closes never do); a fully closed group frees it.
 * When full, a new-group entry signal waits in the {@link WaitingQueue}, ranked by the configured
 * chain of {@link QueuePriorityRule}s. Owned by the event loop.
 */
public final class ExecutionPool {
    private static final Logger log = LoggerFactory.getLogger("pyra.pool");

    private final WaitingQueue queue;
    private final Supplier<PyraConfig.Pool> settings;
    private final Map<String, QueuePriorityRule> rules;
    private final Clock clock;
    /** {@code pair|timeframe} of groups that closed, and when: the continuation rule's "just closed". */
    private final Map<String, Instant> closed = new HashMap<>();

    public ExecutionPool(WaitingQueue queue, Supplier<PyraConfig.Pool> settings, Map<String, QueuePriorityRule> rules, Clock clock) {
        this.queue = queue;
        this.settings = settings;
        this.rules = Map.copyOf(rules);
        this.clock = clock;
    }

    public int maxActiveGroups() {
        return settings.get().maxActiveGroups();
    }

    public boolean hasRoom(int activeGroups) {
        return activeGroups < maxActiveGroups();
    }

    public Optional<QueuedEntry> waiting(String exchange, String pairKey, String timeframe) {
        return queue.find(exchange, pairKey, timeframe);
    }

    /** The pool is full: the signal waits, or replaces the entry already waiting for its key. */
    public SignalOutcome enqueue(StoredSignal signal, int activeGroups) {
        return enqueue(signal, full(activeGroups));
    }

    /** Why a new group cannot open now. */
    public String full(int activeGroups) {
        return "the pool is full (" + activeGroups + " of " + maxActiveGroups() + " groups active)";
    }

    /**
     * The signal waits in the queue {@code because} of what it says (the pool is full, or its
     * key's group is still closing), or replaces the entry already waiting for its key.
     */
    public SignalOutcome enqueue(StoredSignal signal, String because) {
        var s = signal.signal();
        Optional<QueuedEntry> waiting = queue.find(s.exchange(), s.pairKey(), s.timeframe());
        if (waiting.isPresent()) {
            QueuedEntry entry = waiting.get();
            long replaced = entry.signal.id();
            queue.replace(entry, signal, clock.instant());
            log.info("Signal {} replaces queued signal {} for {} {} {} (replacement {})", signal.id(), replaced, s.exchange(),
                    s.pairKey(), s.timeframe(), entry.replacementCount);
            return SignalOutcome.replaced("replaces queued signal " + replaced + " (replacement " + entry.replacementCount
                    + "); " + because);
        }
        QueuedEntry entry = queue.add(signal, clock.instant());
        log.info("Signal {} queued for {}: {}", signal.id(), entry.describe(), because);
        return SignalOutcome.queued(because + "; waiting, " + queue.size() + " in the queue");
    }

    /** An exit for a waiting key: the entry leaves the queue. */
    public void remove(QueuedEntry entry, String why) {
        queue.remove(entry);
        log.info("Queued entry {} deleted: {}", entry.describe(), why);
    }

    /**
     * The best-ranked entry that may go now ({@code ready}: e.g. its key's last group has finished
     * closing), taken out of the queue to be executed now.
     */
    public Optional<QueuedEntry> takeNext(Set<String> activePairTimeframes, BiFunction<String, String, BigDecimal> lastPrice,
            java.util.function.Predicate<RankedEntry> ready) {
        List<RankedEntry> ranked = ranked(activePairTimeframes, lastPrice);
        for (RankedEntry top : ranked) {
            if (!ready.test(top)) {
                continue;
            }
            QueuedEntry entry = queue.entries().stream().filter(e -> e.sequence == top.sequence()).findFirst().orElseThrow();
            queue.remove(entry);
            log.info("Queued entry {} promoted (rank {} of {}; {})", entry.describe(), top.rank(), ranked.size(), top.values());
            return Optional.of(entry);
        }
        return Optional.empty();
    }

    /** Drops entries that waited longer than {@code pool.queueExpiryMinutes} (0: never). */
    public List<QueuedEntry> expire() {
        int minutes = settings.get().queueExpiryMinutes();
        if (minutes <= 0) {
            return List.of();
        }
        List<QueuedEntry> expired = queue.waitedLongerThan(Duration.ofMinutes(minutes), clock.instant());
        for (QueuedEntry entry : expired) {
            queue.remove(entry);
            log.warn("Queued entry {} expired: it waited more than pool.queueExpiryMinutes ({}) for a slot", entry.describe(), minutes);
        }
        return expired;
    }

    public void groupClosed(String pairKey, String timeframe) {
        closed.put(pairKey + "|" + timeframe, clock.instant());
    }

    /** The queue in rank order, each entry with every rule's value for it. */
    public List<RankedEntry> ranked(Set<String> activePairTimeframes, BiFunction<String, String, BigDecimal> lastPrice) {
        return ranked(activePairTimeframes, lastPrice, settings.get());
    }

    /** The queue as these settings (a change not yet saved, for the settings preview) would rank it. */
    public List<RankedEntry> ranked(Set<String> activePairTimeframes, BiFunction<String, String, BigDecimal> lastPrice, PyraConfig.Pool with) {
        List<QueuePriorityRule> chain = chain(with);
        PoolView view = (pairKey, timeframe) -> activePairTimeframes.contains(pairKey + "|" + timeframe)
                || justClosed(pairKey, timeframe, with);
        record Valued(QueuedEntry entry, QueuedSignal seen, List<BigDecimal> values) {}
        List<Valued> valued = new ArrayList<>();
        for (QueuedEntry entry : queue.entries()) {
            var s = entry.signal.signal();
            QueuedSignal seen = new QueuedSignal(s.exchange(), s.venueSymbol(), s.pairKey(), s.timeframe(), s.price(),
                    lastPrice.apply(s.exchange(), s.venueSymbol()), entry.replacementCount, entry.sequence, entry.queuedAt);
            valued.add(new Valued(entry, seen, chain.stream().map(rule -> rule.value(seen, view)).toList()));
        }
        Comparator<Valued> order = (a, b) -> {
            for (int i = 0; i < chain.size(); i++) {
                int c = b.values().get(i).compareTo(a.values().get(i)); // higher first
                if (c != 0) {
                    return c;
                }
            }
            return Long.compare(a.entry().sequence, b.entry().sequence); // a full tie goes by arrival
        };
        valued.sort(order);
        List<RankedEntry> ranked = new ArrayList<>();
        for (int i = 0; i < valued.size(); i++) {
            Valued v = valued.get(i);
            Map<String, BigDecimal> values = new LinkedHashMap<>();
            for (int r = 0; r < chain.size(); r++) {
                values.put(chain.get(r).id(), v.values().get(r));
            }
            QueuedEntry e = v.entry();
            ranked.add(new RankedEntry(i + 1, e.sequence, v.seen().exchange(), v.seen().symbol(), v.seen().pairKey(),
                    v.seen().timeframe(), e.signal.id(), e.firstSignalId, v.seen().signalPrice(), v.seen().lastPrice(), e.queuedAt,
                    e.replacedAt, e.replacementCount, values));
        }
        return ranked;
    }

    /** The queue in arrival order as the {@code queuePriority} hook sees each entry (for its dry run), by signal id. */
    public Map<Long, Map<String, Object>> hookEntries(Set<String> activePairTimeframes, BiFunction<String, String, BigDecimal> lastPrice) {
        PyraConfig.Pool with = settings.get();
        PoolView view = (pairKey, timeframe) -> activePairTimeframes.contains(pairKey + "|" + timeframe)
                || justClosed(pairKey, timeframe, with);
        Map<Long, Map<String, Object>> entries = new LinkedHashMap<>();
        for (QueuedEntry entry : queue.entries()) {
            var s = entry.signal.signal();
            QueuedSignal seen = new QueuedSignal(s.exchange(), s.venueSymbol(), s.pairKey(), s.timeframe(), s.price(),
                    lastPrice.apply(s.exchange(), s.venueSymbol()), entry.replacementCount, entry.sequence, entry.queuedAt);
            entries.put(entry.signal.id(), HookQueueRule.facts(seen, view));
        }
        return entries;
    }

    public List<String> priorityRules() {
        return settings.get().priorityRules();
    }

    /** The venue symbols of the queued signals, in no order. */
    public List<String> queuedSymbols(String exchange) {
        return queue.entries().stream().map(e -> e.signal.signal()).filter(s -> s.exchange().equals(exchange))
                .map(s -> s.venueSymbol()).toList();
    }

    public int queueSize() {
        return queue.size();
    }

    public boolean queueEmpty() {
        return queue.isEmpty();
    }

    private List<QueuePriorityRule> chain(PyraConfig.Pool with) {
        List<QueuePriorityRule> chain = new ArrayList<>();
        for (String id : with.priorityRules()) {
            QueuePriorityRule rule = rules.get(id);
            if (rule != null) { // the config is checked against the installed rules; a plugin removed since is skipped
                chain.add(rule);
            }
        }
        return chain;
    }

    private boolean justClosed(String pairKey, String timeframe, PyraConfig.Pool with) {
        Instant at = closed.get(pairKey + "|" + timeframe);
        return at != null && Duration.between(at, clock.instant()).compareTo(Duration.ofMinutes(with.justClosedMinutes())) <= 0;
    }
}
