package dev.pyra.core.pool;

import dev.pyra.core.signal.StoredSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The entry signals waiting for a slot, in arrival order, mirrored to PostgreSQL. Owned by the event loop. */
public final class WaitingQueue {
    private final List<QueuedEntry> entries = new ArrayList<>();
    private final QueueJournal journal;
    private long nextSequence = 1;

    public WaitingQueue(QueueJournal journal) {
        this.journal = journal;
    }

    /** After a restart: the queue as it was, same order, same counts. */
    public void restore(List<QueuedEntry> saved) {
        entries.clear();
        entries.addAll(saved);
        nextSequence = saved.stream().mapToLong(e -> e.sequence).max().orElse(0) + 1;
    }

    public Optional<QueuedEntry> find(String exchange, String pairKey, String timeframe) {
        return entries.stream().filter(e -> e.sameKey(exchange, pairKey, timeframe)).findFirst();
    }

    QueuedEntry add(StoredSignal signal, Instant now) {
        QueuedEntry entry = new QueuedEntry(nextSequence++, signal, signal.id(), now, null, 0);
        entries.add(entry);
        journal.save(entry);
        return entry;
    }

    /** A newer same-side signal for a waiting key: new price and time, one more replacement, same place in arrival order. */
    void replace(QueuedEntry entry, StoredSignal signal, Instant now) {
        entry.signal = signal;
        entry.replacedAt = now;
        entry.replacementCount++;
        journal.save(entry);
    }

    void remove(QueuedEntry entry) {
        entries.remove(entry);
        journal.delete(entry);
    }

    /** Entries that waited longer than {@code maxWait} since they first arrived. */
    List<QueuedEntry> waitedLongerThan(Duration maxWait, Instant now) {
        return entries.stream().filter(e -> Duration.between(e.queuedAt, now).compareTo(maxWait) > 0).toList();
    }

    List<QueuedEntry> entries() {
        return List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }
}
