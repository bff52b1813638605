package dev.pyra.core.trading;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The order gateway's I/O, held back: each venue call waits here until the simulation runs it,
 * in an order a seeded {@link Random} picks — so answers come back late and out of order, the
 * same way for the same seed.
 */
final class SimExecutor extends AbstractExecutorService {
    private final List<Runnable> tasks = new ArrayList<>();
    private boolean shutdown;

    @Override
    public void execute(Runnable task) {
        if (!shutdown) {
            tasks.add(task);
        }
    }

    /** Runs one waiting call, picked at random; false when none waits. */
    boolean runOne(Random random) {
        if (tasks.isEmpty()) {
            return false;
        }
        tasks.remove(random.nextInt(tasks.size())).run();
        return true;
    }

    boolean idle() {
        return tasks.isEmpty();
    }

    int waiting() {
        return tasks.size();
    }

    /** A crash: the calls not made yet are never made. */
    void drop() {
        tasks.clear();
        shutdown = true;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = List.copyOf(tasks);
        tasks.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
