package dev.pyra.core.hooks;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.config.PyraConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's JavaScript hooks: the files in {@code <data-dir>/hooks/}, read at start and again
 * whenever one changes (checked every second), each evaluated once in its own context and reused;
 * every call runs on the engine's hook thread under its budget ({@code hooks.*} settings). A call
 * that throws, overruns or answers something invalid is skipped for that decision — the built-in
 * rule decides — and logged as an {@code error} naming the hook and what it was deciding; after
 * {@code hooks.maxConsecutiveFailures} in a row the hook is switched off until the user switches
 * it on (or saves a new version). The GraalJS engine starts only once a hook exists.
 */
public final class JsHooks implements Hooks, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");

    /** One hook's state; guarded by the JsHooks instance. */
    private static final class Hook {
        final HookName name;
        HookFiles.Version file;
        HookRunner.Script script;
        String loadError;
        long calls;
        long failures;
        int consecutiveFailures;
        String lastError;
        Instant lastErrorAt;
        String lastErrorSubject;
        Long lastCallMicros;

        Hook(HookName name) {
            this.name = name;
        }
    }

    private final HookFiles files;
    private final Supplier<PyraConfig.JsHooks> settings;
    private final Clock clock;
    private final Map<HookName, Hook> hooks = new EnumMap<>(HookName.class);
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-hooks-files").daemon(true).factory());
    private HookSandbox sandbox;
    private HookRunner engine;
    private HookRunner dryRuns;
    private volatile boolean anyActive;
    /** Told after every change a Hooks page shows (a call, a failure, a new version, a switch). */
    private volatile Runnable changed = () -> { };
    private Instant lastSkipLogged;

    public JsHooks(Path dir, Supplier<PyraConfig.JsHooks> settings, Clock clock) {
        this.files = new HookFiles(dir);
        this.settings = settings;
        this.clock = clock;
        for (HookName name : HookName.values()) {
            hooks.put(name, new Hook(name));
        }
    }

    /** Who is told when a hook's state changes (the web app's live stream: {@code hooks.updated}). */
    public void onChange(Runnable listener) {
        this.changed = listener;
    }

    /** Reads every hook and has it ready on the engine's hook thread before the first signal; then watches the files. */
    public JsHooks start() {
        for (HookName name : HookName.values()) {
            reload(name);
        }
        watcher.scheduleWithFixedDelay(this::reloadChanged, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void reloadChanged() {
        for (HookName name : HookName.values()) {
            HookFiles.Version seen;
            synchronized (this) {
                seen = hooks.get(name).file;
            }
            try {
                if (files.changedSince(name, seen)) {
                    reload(name);
                }
            } catch (RuntimeException e) {
                errors.error("Reading hook {} failed: {}", name, e.getMessage());
            }
        }
    }

    /** Reads the hook's file and, when it changed, evaluates the new version on the engine's hook thread. */
    private void reload(HookName name) {
        Optional<HookFiles.Version> read = files.read(name);
        HookRunner.Script script = null;
        String problem = null;
        if (read.isPresent()) {
            HookFiles.Version version = read.get();
            if (version.source() == null) {
                problem = "the file is " + version.size() + " bytes; a hook may have at most " + HookFiles.MAX_SOURCE_BYTES;
            } else {
                List<String> problems = HookSource.problems(version.source());
                problem = problems.isEmpty() ? null : String.join("; ", problems);
                script = new HookRunner.Script(name, id(version.source()), version.source());
            }
        }
        String previousId;
        synchronized (this) {
            Hook hook = hooks.get(name);
            if (read.isPresent() && hook.file != null && hook.script != null && script != null && hook.script.id().equals(script.id())) {
                hook.file = read.get(); // touched, not changed
                return;
            }
            previousId = hook.script == null ? null : hook.script.id();
        }
        if (script != null && problem == null) {
            // tried on the dry-run thread first: top-level code that runs long holds up no engine call
            HookRunner.Outcome checked = dryRunner().prepare(new HookRunner.Script(name, "check-" + script.id(), script.source()),
                    settings.get().statementLimit());
            HookRunner.Outcome loaded = checked.ok() ? runner().prepare(script, settings.get().statementLimit()) : checked;
            problem = loaded.ok() ? null : loaded.failure();
        }
        synchronized (this) {
            Hook hook = hooks.get(name);
            hook.file = read.orElse(null);
            hook.script = problem == null ? script : null;
            hook.loadError = problem;
            hook.consecutiveFailures = 0;
            Optional<HookFiles.Off> off = files.off(name);
            if (script != null && problem == null && off.isPresent() && !off.get().byUser() && previousId != null
                    && !previousId.equals(script.id())) {
                files.switchOn(name); // switched off after failures: a new version gets its chance
                log.info("Hook {}: a new version switches it on again (it was switched off: {})", name, off.get().reason());
            }
            refreshActive();
        }
        changed.run();
        if (read.isEmpty()) {
            if (previousId != null) {
                log.info("Hook {} removed: the built-in rule decides", name);
            }
        } else if (problem != null) {
            errors.error("Hook {} ({}) does not load: {}; the built-in rule decides until it is fixed", name, files.file(name), problem);
        } else {
            log.info("Hook {} loaded from {} (version {})", name, files.file(name), script.id());
        }
    }

    private synchronized void refreshActive() {
        anyActive = hooks.values().stream().anyMatch(h -> h.script != null);
    }

    /** The GraalJS engine and its two threads (the engine's calls, the dry runs), made when first needed. */
    private synchronized HookRunner runner() {
        if (engine == null) {
            long start = System.nanoTime();
            sandbox = new HookSandbox();
            engine = new HookRunner("engine", sandbox);
            dryRuns = new HookRunner("dry-run", sandbox);
            engine.warmUp();
            dryRuns.warmUp();
            log.info("JS hook engine (GraalJS, CONSTRAINED sandbox) started in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
        return engine;
    }

    private synchronized HookRunner dryRunner() {
        runner();
        return dryRuns;
    }

    private HookRunner.Budget budget() {
        PyraConfig.JsHooks limits = settings.get();
        Duration cpu = Duration.ofMillis(limits.cpuBudgetMillis());
        Duration wall = cpu.multipliedBy(4).compareTo(Duration.ofMillis(200)) > 0 ? cpu.multipliedBy(4) : Duration.ofMillis(200);
        return new HookRunner.Budget(cpu, (long) limits.memoryBudgetMb() << 20, wall, limits.statementLimit());
    }

    // ---- the engine's calls -------------------------------------------------------------------

    @Override
    public boolean active(HookName name) {
        if (!anyActive || !settings.get().enabled()) {
            return false;
        }
        synchronized (this) {
            return hooks.get(name).script != null && files.off(name).isEmpty();
        }
    }

    @Override
    public Optional<String> filterSignal(String subject, Map<String, Object> signal, Map<String, Object> context) {
        return call(HookName.filterSignal, subject, List.of(signal, context), HookAnswers::filterSignal).flatMap(verdict -> verdict);
    }

    @Override
    public Optional<BigDecimal> queuePriority(String subject, Map<String, Object> entry, Map<String, Object> context) {
        return call(HookName.queuePriority, subject, List.of(entry, context), HookAnswers::queuePriority);
    }

    @Override
    public Optional<Long> selectRiskLoser(String subject, List<Map<String, Object>> candidates, Map<String, Object> context) {
        return call(HookName.selectRiskLoser, subject, List.of(candidates, context), a -> HookAnswers.selectRiskLoser(a, candidates));
    }

    @Override
    public Optional<List<Long>> selectRiskWinners(String subject, List<Map<String, Object>> candidates, BigDecimal required,
            Map<String, Object> context) {
        return call(HookName.selectRiskWinners, subject, List.of(candidates, required, context),
                a -> HookAnswers.selectRiskWinners(a, candidates));
    }

    @Override
    public Optional<List<PyraConfig.Layer>> adjustLadder(String subject, Map<String, Object> ladder, Map<String, Object> context) {
        return call(HookName.adjustLadder, subject, List.of(ladder, context), HookAnswers::adjustLadder);
    }

    private <T> Optional<T> call(HookName name, String subject, List<Object> arguments, Function<Object, T> read) {
        HookRunner.Script script;
        synchronized (this) {
            script = hooks.get(name).script;
        }
        if (script == null) {
            return Optional.empty();
        }
        HookRunner.Outcome outcome = runner().call(script, arguments, budget());
        if (outcome.skipped()) {
            skipped(name, subject, outcome.failure());
            return Optional.empty();
        }
        String failure = outcome.failure();
        T value = null;
        if (failure == null) {
            try {
                value = read.apply(outcome.answer());
            } catch (HookData.InvalidAnswer e) {
                failure = "invalid answer: " + e.getMessage();
            }
        }
        record(name, subject, failure, outcome);
        return Optional.ofNullable(value);
    }

    private void skipped(HookName name, String subject, String why) {
        Instant now = clock.instant();
        synchronized (this) {
            if (lastSkipLogged != null && Duration.between(lastSkipLogged, now).toSeconds() < 10) {
                return;
            }
            lastSkipLogged = now;
        }
        errors.error("Hook {} skipped for {}: {}; the built-in rule decides", name, subject, why);
    }

    private void record(HookName name, String subject, String failure, HookRunner.Outcome outcome) {
        int max = settings.get().maxConsecutiveFailures();
        boolean switchOff;
        int inARow;
        synchronized (this) {
            Hook hook = hooks.get(name);
            hook.calls++;
            hook.lastCallMicros = outcome.cpuNanos() / 1000;
            if (failure == null) {
                hook.consecutiveFailures = 0;
                changed.run();
                return;
            }
            hook.failures++;
            inARow = ++hook.consecutiveFailures;
            hook.lastError = failure;
            hook.lastErrorAt = clock.instant();
            hook.lastErrorSubject = subject;
            switchOff = inARow >= max && files.off(name).isEmpty();
            if (switchOff) {
                files.switchOff(name, new HookFiles.Off(false, inARow + " failures in a row, the last: " + failure,
                        clock.instant().toString()));
            }
        }
        changed.run();
        errors.error("Hook {} failed for {}: {}; the built-in rule decides ({} failure(s) in a row)", name, subject, failure, inARow);
        if (switchOff) {
            errors.error("Hook {} switched off after {} failures in a row: switch it on again on the Hooks page, or save a new version",
                    name, inARow);
        }
    }

    // ---- the Hooks page -------------------------------------------------------------------------

    public synchronized List<HookStatus> statuses() {
        return Arrays.stream(HookName.values()).map(this::status).toList();
    }

    public synchronized HookStatus status(HookName name) {
        Hook hook = hooks.get(name);
        Optional<HookFiles.Off> off = files.off(name);
        String state = hook.file == null ? "absent"
                : hook.loadError != null ? "error"
                : !settings.get().enabled() ? "hooks-off"
                : off.isPresent() ? "off"
                : "active";
        return new HookStatus(name.name(), name.signature(), name.purpose(), files.file(name).toString(), state,
                hook.script == null ? null : hook.script.id(), hook.file == null ? null : hook.file.modified().toInstant(),
                hook.loadError, off.map(HookFiles.Off::byUser).orElse(false), off.map(HookFiles.Off::reason).orElse(null),
                off.map(o -> o.at() == null ? null : Instant.parse(o.at())).orElse(null), hook.calls, hook.failures,
                hook.consecutiveFailures, settings.get().maxConsecutiveFailures(), hook.lastError, hook.lastErrorAt,
                hook.lastErrorSubject, hook.lastCallMicros);
    }

    /** The hook's source as its file holds it; empty when there is none. */
    public Optional<String> source(HookName name) {
        return files.read(name).map(v -> v.source() == null ? "" : v.source());
    }

    /**
     * Saves a new version: checked first (its size, no try, it evaluates and defines the function)
     * on the dry-run thread, so a version that cannot run is refused with the reason and the one
     * in force stays.
     */
    public HookStatus save(HookName name, String source) {
        List<String> problems = HookSource.problems(source);
        if (problems.isEmpty()) {
            HookRunner.Outcome loaded = dryRunner().prepare(new HookRunner.Script(name, "check-" + id(source), source), settings.get().statementLimit());
            if (!loaded.ok()) {
                problems = List.of(loaded.failure());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadRequestException("source", String.join("; ", problems));
        }
        files.write(name, source);
        log.info("Hook {} saved ({} bytes, version {})", name, source.getBytes(StandardCharsets.UTF_8).length, id(source));
        reload(name);
        return status(name);
    }

    public HookStatus delete(HookName name) {
        files.delete(name);
        files.switchOn(name);
        reload(name);
        return status(name);
    }

    /** Switched on by the user: failures start from 0. */
    public HookStatus switchOn(HookName name) {
        synchronized (this) {
            files.switchOn(name);
            hooks.get(name).consecutiveFailures = 0;
        }
        log.info("Hook {} switched on", name);
        changed.run();
        return status(name);
    }

    public HookStatus switchOff(HookName name) {
        files.switchOff(name, new HookFiles.Off(true, "switched off on the Hooks page", clock.instant().toString()));
        log.info("Hook {} switched off", name);
        changed.run();
        return status(name);
    }

    /**
     * Runs a hook (its saved version, or {@code draft} when given) on these arguments on the
     * dry-run thread, under the same budget as the engine's calls, and reads its answer as the
     * engine would. Changes nothing and counts nothing.
     *
     * @param read the engine's reading of the answer for this hook (it may throw an invalid answer)
     */
    public DryRun dryRun(HookName name, String draft, List<Object> arguments, Function<Object, Object> read) {
        String source = draft;
        if (source == null) {
            source = source(name).orElseThrow(() -> new BadRequestException("source", "there is no " + name.fileName()
                    + " yet: send a draft to try, or save one first"));
        }
        List<String> problems = HookSource.problems(source);
        if (!problems.isEmpty()) {
            return new DryRun(null, null, String.join("; ", problems), 0, 0, 0);
        }
        HookRunner.Outcome outcome = dryRunner().call(new HookRunner.Script(name, "dry-" + id(source), source), arguments, budget());
        if (!outcome.ok()) {
            return new DryRun(null, null, outcome.failure(), outcome.cpuNanos() / 1000, outcome.allocatedBytes(), outcome.wallNanos() / 1000);
        }
        Object accepted = null;
        String error = null;
        try {
            accepted = read.apply(outcome.answer());
        } catch (HookData.InvalidAnswer e) {
            error = "invalid answer: " + e.getMessage();
        }
        return new DryRun(outcome.answer(), accepted, error, outcome.cpuNanos() / 1000, outcome.allocatedBytes(), outcome.wallNanos() / 1000);
    }

    /** Threads given up on a call that would not stop (health shows it). */
    public synchronized int givenUpThreads() {
        return engine == null ? 0 : engine.givenUpThreads() + dryRuns.givenUpThreads();
    }

    /** The readers of each hook's answer, for a dry run: what the engine takes from it. */
    public static Object read(HookName name, Object answer, List<Map<String, Object>> candidates) {
        return switch (name) {
            case filterSignal -> HookAnswers.filterSignal(answer).map(r -> Map.of("accept", false, "reason", r))
                    .orElse(Map.of("accept", true));
            case queuePriority -> HookAnswers.queuePriority(answer);
            case selectRiskLoser -> HookAnswers.selectRiskLoser(answer, candidates);
            case selectRiskWinners -> HookAnswers.selectRiskWinners(answer, candidates);
            case adjustLadder -> HookAnswers.adjustLadder(answer);
        };
    }

    private static String id(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        watcher.shutdownNow();
        if (engine != null) {
            engine.close();
            dryRuns.close();
            sandbox.close();
        }
    }
}
