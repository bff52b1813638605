package dev.pyra.core.hooks;

import java.util.Arrays;
import java.util.Optional;

/** The decisions a user's JavaScript may take: each is a file {@code <data-dir>/hooks/<name>.js} defining the function of its name. */
public enum HookName {
    filterSignal("filterSignal(signal, context)", "accept or reject a signal before the engine acts on it"),
    queuePriority("queuePriority(entry, context)", "a score for a waiting-queue entry: the rule 'hook' in pool.priorityRules"),
    selectRiskLoser("selectRiskLoser(candidates, context)", "which eligible losing group the risk engine offsets"),
    selectRiskWinners("selectRiskWinners(candidates, required, context)", "which winners pay for the offset, in order"),
    adjustLadder("adjustLadder(ladder, context)", "the layers of one new pyramid (gaps, weights, take-profits)");

    private final String signature;
    private final String purpose;

    HookName(String signature, String purpose) {
        this.signature = signature;
        this.purpose = purpose;
    }

    public String signature() {
        return signature;
    }

    public String purpose() {
        return purpose;
    }

    public String fileName() {
        return name() + ".js";
    }

    public static Optional<HookName> find(String name) {
        return Arrays.stream(values()).filter(h -> h.name().equals(name)).findFirst();
    }
}
