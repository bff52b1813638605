package dev.pyra.core.trading;

import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.DryRun;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.JsHooks;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/hooks/{name}/dry-run}: a hook (saved, or a draft from the editor) run on the
 * inputs the engine would give it now — a stored or sample signal, the waiting queue, the losing
 * and winning groups — or on inputs the user typed; what it answers, whether Pyra would take the
 * answer, and what Pyra would then decide, beside the built-in decision. Nothing is decided and
 * no failure is counted. The inputs are read on the event loop; the hook runs on the dry-run
 * thread, never on the engine's.
 */
public final class HookDryRuns {

    /** One call: its input, the hook's answer, and what Pyra read from it (or why it would not use it). */
    public record Tried(String subject, List<Object> input, Object answer, Object accepted, String error, long cpuMicros,
            long allocatedBytes, long wallMicros) {}

    /**
     * @param decision what Pyra would decide with this hook
     * @param builtIn what the built-in rule decides
     * @param ladder {@code adjustLadder}: the pyramid the hook's layers make, priced as the engine would order it
     * @param builtInLadder {@code adjustLadder}: the pyramid of the configured layers
     */
    public record Report(String hook, boolean draft, List<Tried> calls, String decision, String builtIn, boolean sample, String note,
            LadderPreview.Plan ladder, LadderPreview.Plan builtInLadder) {}

    private final Trading trading;
    private final JsHooks hooks;
    private final Supplier<PyraConfig> config;
    private final BiFunction<String, String, SymbolRules> rules;
    private final PrecisionEngine precision;

    public HookDryRuns(Trading trading, JsHooks hooks, Supplier<PyraConfig> config, BiFunction<String, String, SymbolRules> rules,
            PrecisionEngine precision) {
        this.trading = trading;
        this.hooks = hooks;
        this.config = config;
        this.rules = rules;
        this.precision = precision;
    }

    /**
     * @param draft the editor's source; null: the saved file
     * @param signal for {@code filterSignal} and {@code adjustLadder}: the stored (or sample) signal to try
     * @param input the arguments as the user typed them (plain data); null: the engine's own
     */
    public Report run(HookName name, String draft, StoredSignal signal, List<Object> input) {
        HookTrial trial = trading.hookTrial(name, signal);
        List<HookTrial.Call> calls = trial.calls();
        boolean typed = input != null;
        if (typed) {
            List<Map<String, Object>> candidates = !input.isEmpty() && input.getFirst() instanceof List<?> list
                    ? list.stream().filter(Map.class::isInstance).map(m -> castMap(m)).toList() : List.of();
            calls = List.of(new HookTrial.Call("your input", input, candidates, calls.getFirst().ifAccepted()));
        }
        List<Tried> tried = new ArrayList<>();
        for (HookTrial.Call call : calls) {
            DryRun run = hooks.dryRun(name, draft, call.arguments(), answer -> JsHooks.read(name, answer, call.candidates()));
            tried.add(new Tried(call.subject(), call.arguments(), run.answer(), run.accepted(), run.error(), run.cpuMicros(),
                    run.allocatedBytes(), run.wallMicros()));
        }
        String decision = decide(name, calls, tried, trial.builtIn());
        LadderPreview.Plan ladder = null;
        LadderPreview.Plan builtInLadder = null;
        if (name == HookName.adjustLadder && signal != null) {
            SymbolRules symbol = rules.apply(signal.signal().exchange(), signal.signal().venueSymbol());
            BigDecimal price = signal.signal().price();
            PyraConfig.Engine engine = config.get().engine();
            if (symbol != null && price != null) {
                builtInLadder = LadderPreview.plan(signal.signal().exchange(), symbol, price, engine, precision);
                if (tried.getFirst().error() == null && tried.getFirst().accepted() instanceof List<?> layers) {
                    ladder = LadderPreview.plan(signal.signal().exchange(), symbol, price, new PyraConfig.Engine(engine.maxPyramids(),
                            engine.capitalPerPyramid(), engine.entryOrder(), engine.takeProfit(), castLayers(layers),
                            engine.closingTimeoutSeconds()), precision);
                }
            }
        }
        return new Report(name.name(), draft != null, tried, decision, trial.builtIn(), trial.sample() && !typed,
                typed ? "your input replaces the engine's" : trial.note(), ladder, builtInLadder);
    }

    private static String decide(HookName name, List<HookTrial.Call> calls, List<Tried> tried, String builtIn) {
        Tried first = tried.getFirst();
        String fallback = "the hook's answer would not be used (" + first.error() + "): the built-in rule decides — " + builtIn;
        return switch (name) {
            case filterSignal -> {
                if (first.error() != null) {
                    yield fallback;
                }
                Map<?, ?> verdict = (Map<?, ?>) first.accepted();
                String then = calls.getFirst().ifAccepted();
                yield Boolean.TRUE.equals(verdict.get("accept")) ? "accepted: Pyra would " + (then == null ? "act on it" : then)
                        : "rejected: " + verdict.get("reason") + " (the signal's outcome: rejected, \"filterSignal hook: " + verdict.get("reason") + "\")";
            }
            case queuePriority -> {
                // as the rule 'hook' of the chain: a failed call scores 0
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < tried.size(); i++) {
                    order.add(i);
                }
                order.sort(Comparator.comparing((Integer i) -> score(tried.get(i))).reversed().thenComparing(i -> i));
                List<String> ranked = order.stream().map(i -> tried.get(i).subject() + " (" + score(tried.get(i)).toPlainString()
                        + (tried.get(i).error() == null ? "" : ", failed: 0") + ")").toList();
                yield "the rule 'hook' ranks " + ranked + "; the rules after it in pool.priorityRules break its ties";
            }
            case selectRiskLoser -> first.error() != null ? fallback : "offset group " + first.accepted() + " first";
            case selectRiskWinners -> first.error() != null ? fallback : "groups " + first.accepted() + " pay for the offset, in that order"
                    + " (at most risk.maxWinners of them)";
            case adjustLadder -> first.error() != null ? fallback : "the new pyramid's layers: " + HookFacts.layers(castLayers((List<?>) first.accepted()));
        };
    }

    private static BigDecimal score(Tried tried) {
        return tried.error() == null && tried.accepted() instanceof BigDecimal score ? score : BigDecimal.ZERO;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    private static List<PyraConfig.Layer> castLayers(List<?> layers) {
        return layers.stream().map(PyraConfig.Layer.class::cast).toList();
    }
}
