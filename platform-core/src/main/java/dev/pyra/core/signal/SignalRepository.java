package dev.pyra.core.signal;

import dev.pyra.api.exchange.Side;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import dev.pyra.core.storage.NamedBatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.pyra.core.storage.BatchWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The durable signal log. Inserting is the webhook's commit point: after it, never answer 5xx.
 * Inserts from concurrent webhooks share commits (group commit), so a burst costs a few disk
 * flushes, not one per signal, while each answer still waits for its own row to be durable.
 */
public final class SignalRepository implements AutoCloseable {
    private static final String COLUMNS = """
            id, received_at, source_address, exchange, symbol, venue_symbol, timeframe, action, signal_type,
            market_position, price, client_signal_id, signal_time, status, reason, decided_at, raw_body""";

    private final Jdbi jdbi;
    private final BatchWriter inserts;
    private final BatchWriter journal;

    public SignalRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.inserts = new BatchWriter("pyra-signal-writer", jdbi);
        this.journal = new BatchWriter("pyra-journal-writer", jdbi);
    }

    /** The outcome of an insert: the new row, or the earlier signal with the same dedupe key. */
    public sealed interface Insert {
        long id();
    }

    public record Inserted(long id) implements Insert {}

    public record Duplicate(long id, String status) implements Insert {}

    static final java.time.Duration STORE_WITHIN = java.time.Duration.ofMillis(1_800);

    public Insert insert(Signal signal, String rawBody, String sourceAddress, Instant receivedAt, SignalOutcome outcome) {
        String key = signal.dedupeKey() != null ? signal.dedupeKey() : "none:" + UUID.randomUUID();
        NewSignal row = new NewSignal(key, signal, rawBody, sourceAddress, receivedAt, outcome);
        try {
            // TradingView waits 3 s: an answer within 2 s, and a 503 means it is not stored (the sender may retry)
            return inserts.callWithin(INSERT, row, STORE_WITHIN);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the signal was not stored within " + STORE_WITHIN.toMillis() + " ms", e);
        }
    }

    /** A signal on its way into the log, with the columns it is stored under. */
    private record NewSignal(String key, Signal signal, String raw, String source, Instant receivedAt, SignalOutcome outcome) {
        void bindTo(NamedBatch batch) {
            batch.bind("key", key)
                    .bind("receivedAt", receivedAt)
                    .bind("source", source)
                    .bind("raw", raw)
                    .bind("exchange", signal.exchange())
                    .bind("symbol", signal.symbol())
                    .bind("venueSymbol", signal.venueSymbol())
                    .bind("pairKey", signal.pairKey())
                    .bind("timeframe", signal.timeframe())
                    .bind("action", signal.action().name().toLowerCase())
                    .bind("type", signal.type().name().toLowerCase())
                    .bind("position", signal.position())
                    .bind("price", signal.price())
                    .bind("clientId", signal.clientId())
                    .bind("time", signal.time())
                    .bind("status", outcome.status())
                    .bind("reason", outcome.reason())
                    .bind("decidedAt", SignalOutcome.RECEIVED.equals(outcome.status()) ? null : receivedAt);
        }
    }

    private static final NamedBatch.Sql INSERT_SQL = NamedBatch.Sql.parse("""
            insert into signals (dedupe_key, received_at, source_address, raw_body, exchange, symbol,
                venue_symbol, pair_key, timeframe, action, signal_type, market_position, price, client_signal_id,
                signal_time, status, reason, decided_at)
            values (:key, :receivedAt, :source, :raw, :exchange, :symbol, :venueSymbol, :pairKey, :timeframe, :action,
                :type, :position, :price, :clientId, :time, :status, :reason, :decidedAt)
            on conflict (dedupe_key) do nothing""");

    /**
     * Concurrent webhooks' inserts as one batch; a row whose dedupe key exists already (also one
     * earlier in the same batch) is answered as a duplicate of that signal.
     */
    private static final BatchWriter.Kind<NewSignal, Insert> INSERT = new BatchWriter.Kind<>() {
        @Override
        public int stage() {
            return 0;
        }

        @Override
        public List<Insert> write(Handle h, List<NewSignal> rows) {
            Map<String, Long> inserted = new HashMap<>();
            try (NamedBatch batch = new NamedBatch(h.getConnection(), INSERT_SQL, "id", "dedupe_key")) {
                for (NewSignal row : rows) {
                    row.bindTo(batch);
                    batch.add();
                }
                batch.execute();
                try (ResultSet keys = batch.generatedKeys()) {
                    while (keys.next()) {
                        inserted.put(keys.getString("dedupe_key"), keys.getLong("id"));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Map<String, Duplicate> earlier = new HashMap<>();
            List<String> duplicateKeys = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            List<Insert> answers = new ArrayList<>(rows.size());
            for (NewSignal row : rows) {
                String key = row.key();
                Long id = inserted.get(key);
                if (id != null && seen.merge(key, 1, Integer::sum) == 1) {
                    answers.add(new Inserted(id));
                } else {
                    duplicateKeys.add(key);
                    answers.add(null);
                }
            }
            if (!duplicateKeys.isEmpty()) {
                h.createQuery("select id, status, dedupe_key from signals where dedupe_key = any(:keys)")
                        .bindArray("keys", String.class, duplicateKeys)
                        .map((rs, ctx) -> Map.entry(rs.getString("dedupe_key"), new Duplicate(rs.getLong("id"), rs.getString("status"))))
                        .forEach(entry -> earlier.put(entry.getKey(), entry.getValue()));
                for (int i = 0; i < rows.size(); i++) {
                    if (answers.get(i) == null) {
                        answers.set(i, earlier.get(rows.get(i).key()));
                    }
                }
            }
            return answers;
        }
    };

    @Override
    public void close() {
        inserts.close();
        journal.close();
    }

    /** Drops unwritten inserts and refuses new ones, as {@code kill -9} would (fault drills). */
    public void halt() {
        inserts.halt();
    }

    /**
     * The engine's writer, shared by its journals (decisions, trades, queue, risk): one commit carries
     * all of an instant's writes. Signal inserts have a writer of their own, so a webhook's answer
     * never waits behind a burst of journal writes (docs/performance.md).
     */
    public BatchWriter writer() {
        return journal;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The engine's decision on a stored signal. */
    public record Decision(long id, SignalOutcome outcome, Instant decidedAt) {}

    /** Records decisions as one batch, on the engine's writer: the signals they decide are committed already. */
    public static void recordDecisions(Handle h, List<Decision> decisions) {
        try (NamedBatch batch = new NamedBatch(h.getConnection(), RECORD_DECISION)) {
            for (Decision decision : decisions) {
                batch.bind("status", decision.outcome().status())
                        .bind("reason", decision.outcome().reason())
                        .bind("at", decision.decidedAt())
                        .bind("id", decision.id())
                        .add();
            }
            batch.execute();
        }
    }

    private static final NamedBatch.Sql RECORD_DECISION =
            NamedBatch.Sql.parse("update signals set status = :status, reason = :reason, decided_at = :at where id = :id");

    /** Newest first; {@code beforeId} pages back through older ones. */
    public List<SignalRecord> list(int limit, Long beforeId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from signals"
                        + (beforeId == null ? "" : " where id < :before") + " order by id desc limit :limit")
                .bind("before", beforeId)
                .bind("limit", limit)
                .map((rs, ctx) -> record(rs))
                .list());
    }

    private static SignalRecord record(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SignalRecord(
                rs.getLong("id"),
                rs.getObject("received_at", java.time.OffsetDateTime.class).toInstant(),
                rs.getString("source_address"),
                rs.getString("exchange"),
                rs.getString("symbol"),
                rs.getString("venue_symbol"),
                rs.getString("timeframe"),
                rs.getString("action"),
                rs.getString("signal_type"),
                rs.getString("market_position"),
                rs.getBigDecimal("price"),
                rs.getString("client_signal_id"),
                instant(rs.getObject("signal_time", java.time.OffsetDateTime.class)),
                rs.getString("status"),
                rs.getString("reason"),
                instant(rs.getObject("decided_at", java.time.OffsetDateTime.class)),
                rs.getString("raw_body"));
    }

    /** These signals, as the signal log lists them (a group's timeline). */
    public List<SignalRecord> byIds(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from signals where id in (<ids>) order by id")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> record(rs))
                .list());
    }

    /** The body a signal arrived with (its secret masked), if the signal exists. */
    public java.util.Optional<String> rawBody(long id) {
        return jdbi.withHandle(h -> h.createQuery("select raw_body from signals where id = :id").bind("id", id)
                .mapTo(String.class).findOne());
    }

    /** The signal already stored under this dedupe key, if one is. */
    public java.util.Optional<Duplicate> withDedupeKey(String key) {
        return jdbi.withHandle(h -> h.createQuery("select id, status from signals where dedupe_key = :key").bind("key", key)
                .map((rs, ctx) -> new Duplicate(rs.getLong("id"), rs.getString("status"))).findOne());
    }

    /** A stored signal as the engine took it; empty when there is none or it never parsed (a rejected body). */
    public java.util.Optional<StoredSignal> stored(long id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select id, received_at, exchange, symbol, venue_symbol, pair_key, timeframe, action, signal_type,
                            market_position, price, client_signal_id, signal_time
                        from signals where id = :id and exchange is not null and action is not null and signal_type is not null
                            and venue_symbol is not null and pair_key is not null""")
                .bind("id", id)
                .map((rs, ctx) -> storedSignal(rs))
                .findOne());
    }

    /**
     * What an undecided signal already did before the process died, if anything: a group's pyramid
     * carries its id, or the waiting queue holds it. Its effects were journaled but its decision was
     * not (they are written by the same writer, not always in one transaction): replaying it would
     * execute it twice (found by the crash campaign: a group got its opening entry again as a pyramid).
     */
    public Optional<String> appliedBefore(StoredSignal stored) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select 'applied to group ' || id from position_groups
                        where exchange = :exchange and pair_key = :pairKey
                          and jsonb_path_exists(snapshot, '$.pyramids[*] ? (@.signalId == $id)', jsonb_build_object('id', :id))
                        union all
                        select 'queued in the waiting queue' from waiting_queue where signal_id = :id
                        limit 1""")
                .bind("exchange", stored.signal().exchange())
                .bind("pairKey", stored.signal().pairKey())
                .bind("id", stored.id())
                .mapTo(String.class)
                .findOne());
    }

    /** Signals stored but never decided (the process died in between), oldest first, to replay. */
    public List<StoredSignal> undecided() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select id, received_at, exchange, symbol, venue_symbol, pair_key, timeframe, action, signal_type,
                            market_position, price, client_signal_id, signal_time
                        from signals where status = 'received' order by id""")
                .map((rs, ctx) -> storedSignal(rs))
                .list());
    }

    /** A row of {@code signals} (its id, received_at and parsed columns) as the engine takes it. */
    public static StoredSignal storedSignal(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredSignal(
                rs.getLong("id"),
                new Signal(
                        rs.getString("exchange"),
                        rs.getString("symbol"),
                        rs.getString("venue_symbol"),
                        rs.getString("pair_key"),
                        rs.getString("timeframe"),
                        Side.valueOf(rs.getString("action").toUpperCase()),
                        SignalType.valueOf(rs.getString("signal_type").toUpperCase()),
                        rs.getString("market_position"),
                        rs.getBigDecimal("price"),
                        rs.getString("client_signal_id"),
                        instant(rs.getObject("signal_time", java.time.OffsetDateTime.class))),
                rs.getObject("received_at", java.time.OffsetDateTime.class).toInstant());
    }

    private static Instant instant(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
