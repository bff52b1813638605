package dev.pyra.core.trading;

import java.util.List;
import java.util.Map;

/**
 * A hook's inputs for a dry run, as the engine would build them now: one call, or one per queued
 * entry for {@code queuePriority}; with what the built-in rule decides.
 *
 * @param sample the engine had nothing to show (no queue, no losing group): these inputs are made up
 */
public record HookTrial(List<Call> calls, String builtIn, boolean sample, String note) {

    /**
     * @param candidates the groups a risk hook may name (its answer is checked against them)
     * @param ifAccepted for {@code filterSignal}: what the engine would do with the signal once accepted
     */
    public record Call(String subject, List<Object> arguments, List<Map<String, Object>> candidates, String ifAccepted) {}
}
