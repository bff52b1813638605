package dev.pyra.core.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes off the caller's thread, in order, many writes per transaction: under load one commit
 * (one disk flush) carries a whole batch instead of one write each. A keyed write replaces a
 * pending write with the same key (a newer snapshot of the same group supersedes the older one).
 * If a batch fails, its writes are retried one by one so one bad write loses only itself.
 * Callers that must know their write is durable ({@link #call}) wait for the commit: group commit.
 */
public final class BatchWriter implements AutoCloseable {
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");
    private static final int MAX_BATCH = 1_000;

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

    public void submit(Consumer<Handle> write) {
        submit(new Object(), write);
    }

    /** A write that supersedes any pending write with the same key. */
    public void submit(Object key, Consumer<Handle> write) {
        enqueue(key, new Write(write, () -> {}, e -> {}));
    }

    /**
     * A write whose result the caller awaits: the future completes once the transaction that
     * carried it has committed (group commit), or fails if it could not be written.
     */
    public <R> CompletableFuture<R> call(Function<Handle, R> write) {
        CompletableFuture<R> result = new CompletableFuture<>();
        Object[] value = new Object[1];
        @SuppressWarnings("unchecked")
        Write entry = new Write(h -> value[0] = write.apply(h), () -> result.complete((R) value[0]), result::completeExceptionally);
        if (!enqueue(new Object(), entry)) {
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

    private record Write(Consumer<Handle> action, Runnable committed, Consumer<Throwable> failed) {}

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
            write(batch);
            flushed.forEach(w -> w.complete(null));
        }
    }

    private void write(Map<Object, Write> batch) {
        List<Write> writes = new ArrayList<>(batch.values());
        for (int from = 0; from < writes.size(); from += MAX_BATCH) {
            List<Write> part = writes.subList(from, Math.min(writes.size(), from + MAX_BATCH));
            try {
                jdbi.useTransaction(h -> part.forEach(w -> w.action().accept(h)));
                part.forEach(w -> w.committed().run());
            } catch (RuntimeException e) {
                for (Write write : part) {
                    try {
                        jdbi.useTransaction(h -> write.action().accept(h));
                        write.committed().run();
                    } catch (RuntimeException single) {
                        errors.error("A write of {} failed", thread.getName(), single);
                        write.failed().accept(single);
                    }
                }
            }
        }
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
