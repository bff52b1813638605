package dev.pyra.core.pool;

import dev.pyra.core.signal.StoredSignal;
import java.time.Instant;

/**
 * A new-group entry signal waiting for a slot of the execution pool. Owned by the event loop.
 * A replacement signal for the same key takes its place: new signal and price, one more
 * replacement, same sequence (its place in arrival order).
 */
public final class QueuedEntry {
    final long sequence;
    final long firstSignalId;
    final Instant queuedAt;
    StoredSignal signal;
    Instant replacedAt;
    int replacementCount;

    QueuedEntry(long sequence, StoredSignal signal, long firstSignalId, Instant queuedAt, Instant replacedAt, int replacementCount) {
        this.sequence = sequence;
        this.signal = signal;
        this.firstSignalId = firstSignalId;
        this.queuedAt = queuedAt;
        this.replacedAt = replacedAt;
        this.replacementCount = replacementCount;
    }

    /** An entry as it was saved (or, in tests, as it is set up). */
    public static QueuedEntry restored(long sequence, StoredSignal signal, long firstSignalId, Instant queuedAt, Instant replacedAt,
            int replacementCount) {
        return new QueuedEntry(sequence, signal, firstSignalId, queuedAt, replacedAt, replacementCount);
    }

    public StoredSignal signal() {
        return signal;
    }

    public int replacementCount() {
        return replacementCount;
    }

    String exchange() {
        return signal.signal().exchange();
    }

    String pairKey() {
        return signal.signal().pairKey();
    }

    String timeframe() {
        return signal.signal().timeframe();
    }

    boolean sameKey(String exchange, String pairKey, String timeframe) {
        return exchange().equals(exchange) && pairKey().equals(pairKey) && timeframe().equals(timeframe);
    }

    /** Who it is in log lines and answers. */
    String describe() {
        return exchange() + " " + pairKey() + " " + timeframe() + " (signal " + signal.id() + ")";
    }
}
