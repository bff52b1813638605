package dev.pyra.core.hooks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs hook calls on a thread of its own, one context per hook, under Pyra's watchdog: a platform
 * thread that reads the hook thread's CPU time and allocated bytes while a call runs and, past the
 * call's budget, interrupts it; if it has not stopped within a grace period its context is
 * cancelled (and made anew for the next call); if even that does not stop it, the thread is given
 * up and a new one takes its place. The caller never waits longer than the call's wall limit.
 */
final class HookRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** After an interrupt the call has this long to stop before its context is cancelled. */
    static final Duration INTERRUPT_GRACE = Duration.ofMillis(500);
    /** Evaluating a source (top-level code included) may take this long: a cold engine or a first context needs a moment. */
    static final Budget LOADING = new Budget(Duration.ofSeconds(2), 256L << 20, Duration.ofSeconds(5), 0);
    /** A call stopped at its wall limit answers within this (an interrupt takes a few milliseconds; a long built-in call or a GC, longer). */
    static final Duration ANSWER_GRACE = Duration.ofMillis(250);
    /** After a cancel, this long before the thread is given up. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(5);
    private static final long STACK_BYTES = 4L * 1024 * 1024;

    static {
        THREADS.setThreadCpuTimeEnabled(true);
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    /**
     * @param wall the longest the caller waits (the call is stopped as for its CPU past it too)
     * @param statementLimit JavaScript statements a call may run; 0: no limit
     */
    record Budget(Duration cpu, long allocatedBytes, Duration wall, long statementLimit) {}

    /** One version of a hook's source: a new id is a new version. */
    record Script(HookName hook, String id, String source) {}

    /**
     * What one call came to.
     *
     * @param answer the script's answer as plain data (null when it failed)
     * @param failure why it failed; null when it answered
     * @param skipped it did not run at all (this runner is still stopping an earlier call): not the hook's failure
     */
    record Outcome(Object answer, String failure, boolean skipped, long cpuNanos, long allocatedBytes, long wallNanos) {
        boolean ok() {
            return failure == null;
        }
    }

    private enum Stage { RUNNING, INTERRUPTING, CANCELLING, GIVEN_UP }

    /** A call in progress, as the hook thread and the watchdog share it. */
    private static final class Call {
        final Thread thread;
        final Context context;
        final Budget budget;
        final long startNanos = System.nanoTime();
        final long cpu0;
        final long allocated0;
        volatile Stage stage = Stage.RUNNING;
        volatile String stopReason;
        volatile long stageAt;
        volatile boolean done;

        Call(Thread thread, Context context, Budget budget) {
            this.thread = thread;
            this.context = context;
            this.budget = budget;
            this.cpu0 = THREADS.getThreadCpuTime(thread.threadId());
            this.allocated0 = THREADS.getThreadAllocatedBytes(thread.threadId());
        }

        long cpu() {
            long now = THREADS.getThreadCpuTime(thread.threadId());
            return now < 0 ? 0 : now - cpu0;
        }

        long allocated() {
            long now = THREADS.getThreadAllocatedBytes(thread.threadId());
            return now < 0 ? 0 : now - allocated0;
        }
    }

    /** A hook's context on this runner's thread, for one version of its source. */
    private record Loaded(String scriptId, long statementLimit, Context context, Value function) {}

    private final String name;
    private final HookSandbox sandbox;
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();
    private volatile ExecutorService hookThread;
    /** Only touched on the hook thread (a given-up thread's map is left with it). */
    private volatile Map<HookName, Loaded> loaded = new EnumMap<>(HookName.class);
    /** The version each hook's context holds on the hook thread now, for callers to see whether a call must load it first. */
    private final Map<HookName, String> ready = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Call current;
    /** A call its caller stopped waiting for, still being stopped: later calls are skipped until it ends. */
    private volatile Call abandoned;
    private volatile boolean closed;
    private final Thread watchdog;
    private final ExecutorService escalator;

    HookRunner(String name, HookSandbox sandbox) {
        this.name = name;
        this.sandbox = sandbox;
        this.hookThread = newHookThread();
        this.escalator = Executors.newCachedThreadPool(Thread.ofPlatform().name("pyra-hooks-" + name + "-stop-", 0).daemon(true).factory());
        this.watchdog = Thread.ofPlatform().name("pyra-hooks-" + name + "-watchdog").daemon(true).start(this::watch);
    }

    private ExecutorService newHookThread() {
        return Executors.newSingleThreadExecutor(Thread.ofPlatform().name("pyra-hooks-" + name + "-" + threads.incrementAndGet())
                .daemon(true).stackSize(STACK_BYTES).factory());
    }

    /**
     * Runs a small script of the kinds of work hooks do (reading Pyra's data, arrays, strings,
     * objects, JSON) a few times, so the JVM's first-time costs — loading the interpreter's
     * classes — are paid here and not inside a hook's first CPU budget.
     */
    void warmUp() {
        Script warm = new Script(HookName.filterSignal, "warm-up", """
                function filterSignal(signal, context) {
                  const groups = context.openGroups.filter((g) => g.pyramids > 0).map((g) => ({ ...g, score: g.unrealizedPnl * 2 }));
                  groups.sort((a, b) => b.score - a.score);
                  const names = Object.keys(signal).join(',') + JSON.stringify(groups.slice(0, 1)) + String(signal.price).padStart(12, ' ');
                  const best = [...context.openGroups].find((g) => g.symbol === signal.symbol);
                  return names.length > 0 && !best ? { accept: true, reason: `${signal.symbol} ${Math.max(1, signal.price)}` } : true;
                }
                """);
        Map<String, Object> group = new java.util.LinkedHashMap<>();
        group.put("symbol", "ETHUSDT");
        group.put("pyramids", 2);
        group.put("unrealizedPnl", new java.math.BigDecimal("-1.5"));
        Map<String, Object> signal = new java.util.LinkedHashMap<>();
        signal.put("symbol", "BTCUSDT");
        signal.put("price", new java.math.BigDecimal("60000"));
        List<Object> arguments = List.of(signal, Map.of("openGroups", List.of(group, group)));
        for (int i = 0; i < 20; i++) {
            call(warm, arguments, LOADING);
        }
        hookThread.execute(() -> forget(loaded, HookName.filterSignal));
    }

    /** Threads given up because a call would not stop: each still holds a CPU until Pyra restarts. */
    int givenUpThreads() {
        return givenUp.get();
    }

    /**
     * Calls the hook's function with these arguments (plain data), after (re)evaluating its source
     * if this version is new to this runner. Waits at most the budget's wall time.
     */
    Outcome call(Script script, List<Object> arguments, Budget budget) {
        return call(script, arguments, budget, LOADING);
    }

    /** @param loading the budget for evaluating the source first, when this runner does not hold this version yet */
    private Outcome call(Script script, List<Object> arguments, Budget budget, Budget loading) {
        if (abandoned != null && arguments != null) { // a decision does not wait; loading a new version does
            return new Outcome(null, "the hook thread is still stopping an earlier call", true, 0, 0, 0);
        }
        long start = System.nanoTime();
        Future<Outcome> future;
        boolean load = !script.id().equals(ready.get(script.hook()));
        try {
            future = hookThread.submit(() -> run(script, arguments, budget, loading));
        } catch (RejectedExecutionException e) {
            return new Outcome(null, "hooks are stopping", true, 0, 0, 0);
        }
        long wait = budget.wall().toNanos() + ANSWER_GRACE.toNanos() + (load ? loading.wall().toNanos() : 0);
        try {
            return future.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the watchdog goes on stopping it; the caller decides without it now
            abandoned = current;
            return new Outcome(null, "did not answer within " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms", false, 0, 0,
                    System.nanoTime() - start);
        } catch (ExecutionException e) {
            return new Outcome(null, "failed in Pyra: " + e.getCause(), false, 0, 0, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", true, 0, 0, System.nanoTime() - start);
        }
    }

    /** Evaluates this version of the hook's source on this runner's thread now, so its first call finds it ready. */
    Outcome prepare(Script script, long statementLimit) {
        Budget loading = new Budget(LOADING.cpu(), LOADING.allocatedBytes(), LOADING.wall(), statementLimit);
        return call(script, null, loading, loading);
    }

    /**
     * On the hook thread; {@code arguments} null: load only. A version new to this thread is
     * evaluated first, under the loading budget (a cold engine or a first context takes a moment
     * that is not the hook's); the call itself runs under its own budget.
     */
    private Outcome run(Script script, List<Object> arguments, Budget budget, Budget loading) {
        Map<HookName, Loaded> mine = loaded;
        Loaded hook = mine.get(script.hook());
        Call call = null;
        Context fresh = null;
        try {
            // a new version, or a new statement limit (fixed when a context is made), takes a new context
            if (hook == null || !hook.scriptId().equals(script.id()) || hook.statementLimit() != budget.statementLimit()) {
                forget(mine, script.hook());
                fresh = sandbox.newContext(budget.statementLimit());
                call = begin(fresh, loading);
                fresh.eval(Source.newBuilder("js", script.source(), script.hook().fileName()).buildLiteral());
                Value function = fresh.getBindings("js").getMember(script.hook().name());
                if (function == null || !function.canExecute()) {
                    return end(call, null, script.hook().fileName() + " defines no function " + script.hook().name()
                            + " (write: function " + script.hook().signature() + " { … })");
                }
                hook = new Loaded(script.id(), budget.statementLimit(), fresh, function);
                mine.put(script.hook(), hook);
                ready.put(script.hook(), script.id());
                fresh = null; // kept
                if (arguments == null) {
                    return end(call, null, null);
                }
                end(call, null, null);
            }
            call = begin(hook.context(), budget);
            if (arguments == null) {
                return end(call, null, null);
            }
            if (budget.statementLimit() > 0) {
                hook.context().resetLimits();
            }
            Object[] args = arguments.stream().map(HookData::in).toArray();
            Value answer = hook.function().execute(args);
            return end(call, HookData.out(answer), null);
        } catch (PolyglotException e) {
            String why = describe(e, call);
            if (e.isCancelled() || e.isExit() || e.isInternalError() || (call != null && call.stage != Stage.RUNNING)) {
                forget(mine, script.hook()); // a cancelled or stopped context is made anew for the next call
            }
            return end(call, null, why);
        } catch (HookData.InvalidAnswer e) {
            return end(call, null, "invalid answer: " + e.getMessage());
        } catch (IllegalStateException e) {
            forget(mine, script.hook());
            return end(call, null, "the hook's context was closed (" + e.getMessage() + ")");
        } finally {
            if (fresh != null) {
                close(fresh); // a source that did not load
            }
            if (call != null && (call.stopReason != null || call.allocated() > call.budget.allocatedBytes())) {
                // stopped (an interrupt may still be on its way) or grown past its budget (what it built may be
                // reachable from its globals): the next call gets a new context
                forget(mine, script.hook());
            }
        }
    }

    private Call begin(Context context, Budget budget) {
        Call call = new Call(Thread.currentThread(), context, budget);
        current = call;
        LockSupport.unpark(watchdog);
        return call;
    }

    private Outcome end(Call call, Object answer, String failure) {
        if (call == null) {
            return new Outcome(answer, failure, false, 0, 0, 0);
        }
        call.done = true;
        long cpu = call.cpu();
        long allocated = call.allocated();
        if (current == call) {
            current = null;
        }
        if (abandoned == call) {
            abandoned = null;
        }
        if (failure == null && call.stopReason != null) {
            failure = "stopped: " + call.stopReason; // it answered after all, but past its budget: not used
        }
        return new Outcome(failure == null ? answer : null, failure, false, cpu, allocated, System.nanoTime() - call.startNanos);
    }

    private void forget(Map<HookName, Loaded> mine, HookName hook) {
        ready.remove(hook);
        Loaded old = mine.remove(hook);
        if (old != null) {
            close(old.context());
        }
    }

    private static void close(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // already cancelled: nothing to close
        }
    }

    private static String describe(PolyglotException e, Call call) {
        if (call != null && call.stopReason != null) {
            return "stopped: " + call.stopReason;
        }
        if (e.isResourceExhausted()) {
            return "stopped: " + e.getMessage();
        }
        if (e.isCancelled() || e.isInterrupted()) {
            return "stopped (" + e.getMessage() + ")";
        }
        if (e.isHostException()) {
            return "failed: " + e.getMessage(); // Pyra's read-only data refused a write
        }
        SourceSection at = e.getSourceLocation();
        String message = e.getMessage();
        if (message != null && (message.contains("writeMember") || message.contains("writeArrayElement") || message.contains("removeMember"))) {
            message += " (Pyra's data is read-only: copy it first, {...x} or [...x])";
        }
        return (at != null ? "line " + at.getStartLine() + ": " : "") + message;
    }

    /** The watchdog: samples the running call every millisecond and stops it past its budget. */
    private void watch() {
        while (!closed) {
            Call call = current;
            if (call == null || call.done) {
                LockSupport.parkNanos(50_000_000L);
                continue;
            }
            long now = System.nanoTime();
            switch (call.stage) {
                case RUNNING -> {
                    long cpu = call.cpu();
                    long allocated = call.allocated();
                    String over = cpu > call.budget.cpu().toNanos() ? "over its CPU budget of " + call.budget.cpu().toMillis() + " ms"
                            : allocated > call.budget.allocatedBytes() ? "over its memory budget of " + (call.budget.allocatedBytes() >> 20) + " MB"
                            : now - call.startNanos > call.budget.wall().toNanos() ? "no answer within " + call.budget.wall().toMillis() + " ms"
                            : null;
                    if (over != null) {
                        call.stopReason = over;
                        call.stage = Stage.INTERRUPTING;
                        call.stageAt = now;
                        escalator.execute(() -> {
                            try {
                                call.context.interrupt(INTERRUPT_GRACE);
                            } catch (TimeoutException | RuntimeException e) {
                                // not stopped yet: the watchdog cancels it
                            }
                        });
                    }
                }
                case INTERRUPTING -> {
                    boolean runaway = call.allocated() > 8 * call.budget.allocatedBytes();
                    if (runaway || now - call.stageAt > INTERRUPT_GRACE.toNanos()) {
                        call.stage = Stage.CANCELLING;
                        call.stageAt = now;
                        escalator.execute(() -> {
                            try {
                                call.context.close(true);
                            } catch (RuntimeException e) {
                                // already closed
                            }
                        });
                    }
                }
                case CANCELLING -> {
                    if (now - call.stageAt > CANCEL_GRACE.toNanos()) {
                        giveUp(call);
                    }
                }
                case GIVEN_UP -> { }
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Not even a cancel stops it: the thread is left to it, and a new thread (with new contexts) takes the next calls. */
    private void giveUp(Call call) {
        call.stage = Stage.GIVEN_UP;
        givenUp.incrementAndGet();
        log.error("A JS hook call on {} would not stop (interrupted and cancelled, still running after {} s): its thread is given up "
                + "and keeps a CPU busy until Pyra restarts", call.thread.getName(), CANCEL_GRACE.toSeconds());
        ExecutorService old = hookThread;
        loaded = new EnumMap<>(HookName.class);
        ready.clear();
        hookThread = newHookThread();
        old.shutdown();
        if (current == call) {
            current = null;
        }
        if (abandoned == call) {
            abandoned = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
        ExecutorService thread = hookThread;
        thread.execute(() -> loaded.values().forEach(l -> {
            try {
                l.context().close(true);
            } catch (RuntimeException e) {
                // closing anyway
            }
        }));
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        escalator.shutdownNow();
    }
}
