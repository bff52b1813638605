package dev.pyra.core.signal;

import dev.pyra.api.exchange.Side;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.pyra.core.storage.BatchWriter;
import java.util.concurrent.CompletableFuture;
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

    public SignalRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.inserts = new BatchWriter("pyra-signal-writer", jdbi);
    }

    /** The outcome of an insert: the new row, or the earlier signal with the same dedupe key. */
    public sealed interface Insert {
        long id();
    }

    public record Inserted(long id) implements Insert {}

    public record Duplicate(long id, String status) implements Insert {}

    public Insert insert(Signal signal, String rawBody, String sourceAddress, Instant receivedAt, SignalOutcome outcome) {
        String key = signal.dedupeKey() != null ? signal.dedupeKey() : "none:" + UUID.randomUUID();
        CompletableFuture<Insert> written = inserts.call(h -> {
            Optional<Long> id = h.createQuery("""
                            insert into signals (dedupe_key, received_at, source_address, raw_body, exchange, symbol,
                                venue_symbol, pair_key, timeframe, action, signal_type, market_position, price, client_signal_id,
                                signal_time, status, reason, decided_at)
                            values (:key, :receivedAt, :source, :raw, :exchange, :symbol, :venueSymbol, :pairKey, :timeframe, :action,
                                :type, :position, :price, :clientId, :time, :status, :reason, :decidedAt)
                            on conflict (dedupe_key) do nothing
                            returning id""")
                    .bind("key", key)
                    .bind("receivedAt", receivedAt)
                    .bind("source", sourceAddress)
                    .bind("raw", rawBody)
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
                    .bind("decidedAt", SignalOutcome.RECEIVED.equals(outcome.status()) ? null : receivedAt)
                    .mapTo(Long.class)
                    .findOne();
            if (id.isPresent()) {
                return new Inserted(id.get());
            }
            return h.createQuery("select id, status from signals where dedupe_key = :key")
                    .bind("key", key)
                    .map((rs, ctx) -> new Duplicate(rs.getLong("id"), rs.getString("status")))
                    .one();
        });
        try {
            return written.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the signal was not stored within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        inserts.close();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public static void recordOutcome(Handle h, long id, SignalOutcome outcome, Instant decidedAt) {
        h.createUpdate("update signals set status = :status, reason = :reason, decided_at = :at where id = :id")
                .bind("status", outcome.status())
                .bind("reason", outcome.reason())
                .bind("at", decidedAt)
                .bind("id", id)
                .execute();
    }

    /** Newest first; {@code beforeId} pages back through older ones. */
    public List<SignalRecord> list(int limit, Long beforeId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from signals"
                        + (beforeId == null ? "" : " where id < :before") + " order by id desc limit :limit")
                .bind("before", beforeId)
                .bind("limit", limit)
                .map((rs, ctx) -> new SignalRecord(
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
                        rs.getString("raw_body")))
                .list());
    }

    /** Signals stored but never decided (the process died in between), oldest first, to replay. */
    public List<StoredSignal> undecided() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select id, received_at, exchange, symbol, venue_symbol, pair_key, timeframe, action, signal_type,
                            market_position, price, client_signal_id, signal_time
                        from signals where status = 'received' order by id""")
                .map((rs, ctx) -> new StoredSignal(
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
                        rs.getObject("received_at", java.time.OffsetDateTime.class).toInstant()))
                .list());
    }

    private static Instant instant(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
