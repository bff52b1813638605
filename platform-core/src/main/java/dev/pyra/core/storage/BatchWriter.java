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
 */
public final class BatchWriter implements AutoCloseable {
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");
    private static final int MAX_BATCH = 1_000;

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

    public BatchWriter(String name, Jdbi jdbi) {
        this.jdbi = jdbi;
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    public <T> void submit(Kind<T, ?> kind, T item) {
        submit(new Object(), kind, item);
    }

    /** A write that supersedes any pending write with the same key. */
    public <T> void submit(Object key, Kind<T, ?> kind, T item) {
        enqueue(key, new Write(kind, item, result -> {}, e -> {}));
    }

    /**
     * A write whose result the caller awaits: the future completes once the transaction that
     * carried it has committed (group commit), or fails if it could not be written.
     */
    @SuppressWarnings("unchecked")
    public <T, R> CompletableFuture<R> call(Kind<T, R> kind, T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (!enqueue(new Object(), new Write(kind, item, value -> result.complete((R) value), result::completeExceptionally))) {
            result.completeExceptionally(new IllegalStateException(thread.getName() + " is stopping"));
        }
        return result;
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
    private record Write(Kind kind, Object item, Consumer<Object> committed, Consumer<Throwable> failed) {}

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
            write(new ArrayList<>(batch.values()));
            flushed.forEach(w -> w.complete(null));
        }
    }

    private void write(List<Write> writes) {
        for (int from = 0; from < writes.size(); from += MAX_BATCH) {
            List<Write> part = writes.subList(from, Math.min(writes.size(), from + MAX_BATCH));
            try {
                List<Object> results = jdbi.inTransaction(h -> writeTogether(h, part));
                for (int i = 0; i < part.size(); i++) {
                    part.get(i).committed().accept(results.get(i));
                }
            } catch (RuntimeException e) {
                for (Write write : part) {
                    try {
                        List<Object> result = jdbi.inTransaction(h -> writeTogether(h, List.of(write)));
                        write.committed().accept(result.getFirst());
                    } catch (RuntimeException single) {
                        errors.error("A write of {} failed", thread.getName(), single);
                        write.failed().accept(single);
                    }
                }
            }
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
