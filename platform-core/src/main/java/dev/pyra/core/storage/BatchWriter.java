package dev.pyra.core.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes off the caller's thread, many writes per transaction: under load one commit (one disk
 * flush) carries a whole batch instead of one write each, and the writes of one {@link Kind} go
 * to the database as one JDBC batch (one round trip) instead of one statement each.
 *
 * <p>Order: a batch writes its kinds by ascending {@link Kind#stage()} (a row's insert has a lower
 * stage than its updates), and the writes of one kind in the order they were submitted. A keyed
 * write replaces a pending write with the same key (a newer snapshot of the same group supersedes
 * the older one). If a batch fails, its writes are retried one by one, in submission order, so one
 * bad write loses only itself. Callers that must know their write is durable ({@link #call}) wait
 * for the commit: group commit.
 *
 * <p>While the database cannot be reached (stopped, restarting, the network cut), nothing is
 * dropped and nothing is half-written: a transaction that fails for want of a connection is
 * rolled back whole, the writes nobody waits for (journal, fills, decisions) are held, in order,
 * and written when the database answers again; a write somebody waits for fails at once, so its
 * caller can say so (a webhook answers 503 and the sender retries).
 */
public final class BatchWriter implements AutoCloseable {
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");
    private static final int MAX_BATCH = 1_000;
    private static final long RETRY_FIRST_MILLIS = 200;
    private static final long RETRY_MAX_MILLIS = 2_000;

    /** A kind of write whose pending items are written together; answers one result per item, in order. */
    public interface Kind<T, R> {
        int stage();

        List<R> write(Handle handle, List<T> items);
    }

    /** One SQL statement with {@code :named} parameters, batched: {@code bind} binds one item's parameters. */
    public static <T> Kind<T, Void> statement(int stage, String sql, BiConsumer<NamedBatch, T> bind) {
        NamedBatch.Sql parsed = NamedBatch.Sql.parse(sql);
        return new Kind<>() {
            @Override
            public int stage() {
                return stage;
            }

            @Override
            public List<Void> write(Handle handle, List<T> items) {
                try (NamedBatch batch = new NamedBatch(handle.getConnection(), parsed)) {
                    for (T item : items) {
                        bind.accept(batch, item);
                        batch.add();
                    }
                    batch.execute();
                }
                return Collections.nCopies(items.size(), null);
            }
        };
    }

    private final Jdbi jdbi;
    private final Thread thread;
    private final Object lock = new Object();
    private LinkedHashMap<Object, Write> pending = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean stopping;
    private boolean halted;
    /** Writes held while the database is unreachable (the writer thread's own). */
    private int held;

    public BatchWriter(String name, Jdbi jdbi) {
        this.jdbi = jdbi;
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    public <T> void submit(Kind<T, ?> kind, T item) {
        submit(new Object(), kind, item);
    }

    /** A write that supersedes any pending write with the same key. */
    public <T> void submit(Object key, Kind<T, ?> kind, T item) {
        enqueue(key, new Write(kind, item, false, result -> {}, e -> {}));
    }

    /**
     * A write whose result the caller awaits: the future completes once the transaction that
     * carried it has committed (group commit), or fails if it could not be written.
     */
    @SuppressWarnings("unchecked")
    public <T, R> CompletableFuture<R> call(Kind<T, R> kind, T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (!enqueue(new Object(), new Write(kind, item, true, value -> result.complete((R) value), result::completeExceptionally))) {
            result.completeExceptionally(new IllegalStateException(thread.getName() + " is stopping"));
        }
        return result;
    }

    /**
     * {@link #call} that gives up after {@code within}: a write still waiting for its turn is taken
     * back (it will never be written), so a timeout means "not stored"; a write already in a
     * transaction is waited for until that transaction ends, so the answer is always the truth.
     */
    public <T, R> R callWithin(Kind<T, R> kind, T item, java.time.Duration within) throws java.util.concurrent.TimeoutException {
        CompletableFuture<R> result = new CompletableFuture<>();
        Object key = new Object();
        @SuppressWarnings("unchecked")
        Write write = new Write(kind, item, true, value -> result.complete((R) value), result::completeExceptionally);
        if (!enqueue(key, write)) {
            throw new IllegalStateException(thread.getName() + " is stopping");
        }
        try {
            try {
                return result.get(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                synchronized (lock) {
                    if (pending.get(key) == write) {
                        pending.remove(key);
                        throw e;
                    }
                }
                return result.get(); // in a transaction now: its end is near (the pool's connection timeout bounds it)
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean enqueue(Object key, Write write) {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            // a newer write with the same key takes the older one's place in the queue, so anything
            // submitted after the older one still commits after (or with) it
            pending.put(key, write);
            lock.notifyAll();
            return true;
        }
    }

    @SuppressWarnings("rawtypes")
    private record Write(Kind kind, Object item, boolean awaited, Consumer<Object> committed, Consumer<Throwable> failed) {}

    /** Waits until everything submitted so far is committed. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (stopping) {
                return;
            }
            waiting.add(done);
            lock.notifyAll();
        }
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            errors.error("Flushing {} failed", thread.getName(), e);
        }
    }

    private void run() {
        long retryMillis = RETRY_FIRST_MILLIS;
        while (true) {
            LinkedHashMap<Object, Write> batch;
            List<CompletableFuture<Void>> flushed;
            synchronized (lock) {
                while (pending.isEmpty() && waiting.isEmpty() && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (halted || (stopping && pending.isEmpty())) {
                    pending.values().forEach(w -> w.failed().accept(new IllegalStateException("stopped before it was written")));
                    waiting.forEach(w -> w.complete(null));
                    return;
                }
                batch = pending;
                pending = new LinkedHashMap<>();
                flushed = new ArrayList<>(waiting);
                waiting.clear();
            }
            LinkedHashMap<Object, Write> unwritten = write(batch);
            if (unwritten.isEmpty()) {
                if (held > 0) {
                    errors.info("Database reachable again: {} wrote the {} writes it held", thread.getName(), held);
                    held = 0;
                }
                retryMillis = RETRY_FIRST_MILLIS;
                flushed.forEach(w -> w.complete(null));
                continue;
            }
            synchronized (lock) {
                if (held == 0) {
                    errors.error("Database unreachable: {} holds {} writes and writes them when it answers again", thread.getName(),
                            unwritten.size());
                }
                held = unwritten.size();
                // held writes go first, in their order; a newer pending write with the same key supersedes a held one
                unwritten.keySet().removeAll(pending.keySet());
                unwritten.putAll(pending);
                pending = unwritten;
                waiting.addAll(flushed);
                if (!stopping) {
                    try {
                        lock.wait(retryMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    // stopping with the database gone: what cannot be written is lost, as a crash would lose it
                    errors.error("Stopping with the database unreachable: {} writes of {} are not written", pending.size(), thread.getName());
                    halted = true;
                }
            }
            retryMillis = Math.min(RETRY_MAX_MILLIS, retryMillis * 2);
        }
    }

    /** Writes a batch; answers what could not be written because the database is unreachable (held, to retry). */
    private LinkedHashMap<Object, Write> write(LinkedHashMap<Object, Write> batch) {
        List<Map.Entry<Object, Write>> writes = new ArrayList<>(batch.entrySet());
        LinkedHashMap<Object, Write> unwritten = new LinkedHashMap<>();
        for (int from = 0; from < writes.size(); from += MAX_BATCH) {
            List<Map.Entry<Object, Write>> part = writes.subList(from, Math.min(writes.size(), from + MAX_BATCH));
            if (!unwritten.isEmpty()) {
                hold(part, unwritten); // an earlier part found the database gone: keep the order
                continue;
            }
            try {
                List<Write> values = part.stream().map(Map.Entry::getValue).toList();
                List<Object> results = jdbi.inTransaction(h -> writeTogether(h, values));
                for (int i = 0; i < part.size(); i++) {
                    part.get(i).getValue().committed().accept(results.get(i));
                }
            } catch (RuntimeException e) {
                if (unreachable(e)) {
                    hold(part, unwritten);
                    continue;
                }
                for (Map.Entry<Object, Write> entry : part) {
                    Write write = entry.getValue();
                    if (!unwritten.isEmpty()) {
                        hold(List.of(entry), unwritten);
                        continue;
                    }
                    try {
                        List<Object> result = jdbi.inTransaction(h -> writeTogether(h, List.of(write)));
                        write.committed().accept(result.getFirst());
                    } catch (RuntimeException single) {
                        if (unreachable(single)) {
                            hold(List.of(entry), unwritten);
                        } else {
                            errors.error("A write of {} failed", thread.getName(), single);
                            write.failed().accept(single);
                        }
                    }
                }
            }
        }
        return unwritten;
    }

    /** A write someone waits for fails now (its caller answers for it); the others are kept to retry. */
    private static void hold(List<Map.Entry<Object, Write>> part, LinkedHashMap<Object, Write> unwritten) {
        for (Map.Entry<Object, Write> entry : part) {
            if (entry.getValue().awaited()) {
                entry.getValue().failed().accept(new DatabaseUnreachableException());
            } else {
                unwritten.put(entry.getKey(), entry.getValue());
            }
        }
    }

    /** No connection, or the server went away: the transaction did not commit, and trying again later may work. */
    static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** The database could not be reached: nothing of the write was stored. */
    public static final class DatabaseUnreachableException extends IllegalStateException {
        DatabaseUnreachableException() {
            super("the database cannot be reached: not stored");
        }
    }

    /** Writes each kind's items as one batch, kinds by stage; answers the results in the writes' order. */
    @SuppressWarnings("unchecked")
    private static List<Object> writeTogether(Handle handle, List<Write> writes) {
        Map<Kind<Object, Object>, List<Integer>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            byKind.computeIfAbsent(writes.get(i).kind(), k -> new ArrayList<>()).add(i);
        }
        List<Kind<Object, Object>> kinds = new ArrayList<>(byKind.keySet());
        kinds.sort(Comparator.comparingInt(Kind::stage)); // stable: equal stages keep their first appearance's order
        Object[] results = new Object[writes.size()];
        for (Kind<Object, Object> kind : kinds) {
            List<Integer> positions = byKind.get(kind);
            List<Object> items = positions.stream().map(i -> writes.get(i).item()).toList();
            List<Object> answers = kind.write(handle, items);
            for (int i = 0; i < positions.size(); i++) {
                results[positions.get(i)] = answers.get(i);
            }
        }
        return java.util.Arrays.asList(results);
    }

    /** Drops what is not written yet, as a crash would. */
    public void halt() {
        synchronized (lock) {
            stopping = true;
            halted = true;
            lock.notifyAll();
        }
        join();
    }

    /** Writes what is pending, then stops. */
    @Override
    public void close() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        join();
    }

    private void join() {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
