package dev.pyra.core.pool;

import dev.pyra.core.signal.SignalRepository;
import dev.pyra.core.storage.BatchWriter;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The waiting queue in PostgreSQL, written through the shared writer (the loop never waits on it). */
public final class QueueJournal {
    private final Jdbi jdbi;
    private final BatchWriter writer;

    public QueueJournal(Jdbi jdbi, BatchWriter writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    private record Row(long sequence, String exchange, String pairKey, String timeframe, long signalId, long firstSignalId,
            java.time.Instant queuedAt, java.time.Instant replacedAt, int replacementCount) {}

    // the signal rows they reference are committed before the engine sees their signals; stage 4 orders them after the decisions
    private static final BatchWriter.Kind<Row, Void> SAVE = BatchWriter.statement(4, """
            insert into waiting_queue (sequence, exchange, pair_key, timeframe, side, signal_id, first_signal_id, queued_at,
                replaced_at, replacement_count)
            values (:sequence, :exchange, :pair, :tf, 'BUY', :signal, :first, :queuedAt, :replacedAt, :count)
            on conflict (sequence) do update set signal_id = excluded.signal_id, replaced_at = excluded.replaced_at,
                replacement_count = excluded.replacement_count""", (batch, row) -> batch
            .bind("sequence", row.sequence())
            .bind("exchange", row.exchange())
            .bind("pair", row.pairKey())
            .bind("tf", row.timeframe())
            .bind("signal", row.signalId())
            .bind("first", row.firstSignalId())
            .bind("queuedAt", row.queuedAt())
            .bind("replacedAt", row.replacedAt())
            .bind("count", row.replacementCount()));

    private static final BatchWriter.Kind<Long, Void> DELETE = BatchWriter.statement(4,
            "delete from waiting_queue where sequence = :sequence", (batch, sequence) -> batch.bind("sequence", sequence));

    void save(QueuedEntry entry) {
        writer.submit("queue-" + entry.sequence, SAVE, new Row(entry.sequence, entry.exchange(), entry.pairKey(), entry.timeframe(),
                entry.signal.id(), entry.firstSignalId, entry.queuedAt, entry.replacedAt, entry.replacementCount));
    }

    void delete(QueuedEntry entry) {
        writer.submit("queue-" + entry.sequence, DELETE, entry.sequence);
    }

    /** The queue as the last run left it, in arrival order. */
    public List<QueuedEntry> load() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select q.sequence, q.first_signal_id, q.queued_at, q.replaced_at, q.replacement_count,
                            s.id, s.received_at, s.exchange, s.symbol, s.venue_symbol, s.pair_key, s.timeframe, s.action,
                            s.signal_type, s.market_position, s.price, s.client_signal_id, s.signal_time
                        from waiting_queue q join signals s on s.id = q.signal_id
                        order by q.sequence""")
                .map((rs, ctx) -> QueuedEntry.restored(rs.getLong("sequence"), SignalRepository.storedSignal(rs), rs.getLong("first_signal_id"),
                        rs.getObject("queued_at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject("replaced_at", java.time.OffsetDateTime.class) == null ? null
                                : rs.getObject("replaced_at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getInt("replacement_count")))
                .list());
    }
}
