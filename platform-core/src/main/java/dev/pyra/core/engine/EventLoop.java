package dev.pyra.core.engine;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all trading state. Signals, order updates, price ticks and timers
 * become events handled here in arrival order, so domain code needs no locks and replays are
 * deterministic. Exchange and database I/O never run on it.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");
    private static final Runnable POISON = () -> {};

    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final java.util.List<Runnable> afterEach = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Null for a manual loop. */
    private final Thread thread;
    private volatile boolean accepting = true;
    /** A manual loop is inside an event (on the driving thread). */
    private boolean running;

    public EventLoop() {
        thread = Thread.ofPlatform().name("pyra-engine").unstarted(this::run);
        thread.start();
    }

    private EventLoop(boolean manual) {
        thread = null;
    }

    /**
     * A loop with no thread of its own: the caller runs queued events one at a time with
     * {@link #runNext()}, in an order it controls (deterministic simulations of the engine
     * against a venue that answers late or out of order). A {@link #submit} made between events
     * runs at once, as an event of its own.
     */
    public static EventLoop manual() {
        return new EventLoop(true);
    }

    /** Manual loops: runs the oldest queued event and the after-event steps; false when none is queued. */
    public boolean runNext() {
        if (thread != null) {
            throw new IllegalStateException("this loop runs on its own thread");
        }
        Runnable event = events.poll();
        if (event == null) {
            return false;
        }
        runEvent(event);
        return true;
    }

    private void runEvent(Runnable event) {
        running = true;
        try {
            try {
                event.run();
            } catch (Throwable e) {
                errors.error("Engine event failed", e);
            }
            for (Runnable hook : afterEach) {
                try {
                    hook.run();
                } catch (Throwable e) {
                    errors.error("Engine after-event step failed", e);
                }
            }
        } finally {
            running = false;
        }
    }

    /** Queues an event; handler failures are logged and the loop goes on. */
    public void execute(Runnable event) {
        if (!accepting) {
            throw new RejectedExecutionException("the engine is shutting down");
        }
        events.add(event);
    }

    /** Queues an event whose result the caller awaits (without blocking the loop). */
    public <T> CompletableFuture<T> submit(Callable<T> event) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(event.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        if (thread == null && !running && accepting) {
            runEvent(task); // a manual loop between events: the caller is the loop
        } else {
            execute(task);
        }
        return result;
    }

    /**
     * Runs after every event, on the loop: where the work an event made is handed on once (journal
     * snapshots, then orders) instead of at every change inside it.
     */
    public void afterEachEvent(Runnable hook) {
        afterEach.add(hook);
    }

    public int pending() {
        return events.size();
    }

    private void run() {
        while (true) {
            Runnable event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == POISON) {
                return;
            }
            runEvent(event);
        }
    }

    /** Stops at once, dropping queued events, as a crash would (fault drills and tests). */
    public void halt() {
        accepting = false;
        events.clear();
        if (thread == null) {
            return;
        }
        events.add(POISON);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking events, finishes every event already queued, then stops. */
    @Override
    public void close() {
        if (!accepting) {
            return;
        }
        accepting = false;
        if (thread == null) {
            while (runNext()) {
                // a manual loop finishes its queued events on the caller's thread
            }
            return;
        }
        events.add(POISON);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The engine did not finish its queued events within 30 s ({} left)", events.size());
        }
    }
}
