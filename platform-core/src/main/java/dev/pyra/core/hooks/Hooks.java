package dev.pyra.core.hooks;

import dev.pyra.core.config.PyraConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's door to the user's decision hooks. Each call site is one decision; every input is
 * plain data (maps, lists, strings, numbers) that Pyra built for the call, and every answer has
 * been validated. An empty answer means the built-in rule decides: no such hook, the hook is
 * switched off, or it threw, ran over its budget or returned something invalid (logged). Called
 * on the event loop.
 */
public interface Hooks {

    /** Whether the hook is installed and switched on: a caller builds no input for one that is not. */
    boolean active(HookName name);

    /** A rejection's reason; empty to accept. */
    Optional<String> filterSignal(String subject, Map<String, Object> signal, Map<String, Object> context);

    /** The entry's score: a higher one ranks first. */
    Optional<BigDecimal> queuePriority(String subject, Map<String, Object> entry, Map<String, Object> context);

    /** The {@code groupId} of one of the candidates. */
    Optional<Long> selectRiskLoser(String subject, List<Map<String, Object>> candidates, Map<String, Object> context);

    /** The {@code groupId}s of some of the candidates, in the order they pay, none twice. */
    Optional<List<Long>> selectRiskWinners(String subject, List<Map<String, Object>> candidates, BigDecimal required,
            Map<String, Object> context);

    /** The layers of one pyramid, valid as {@code engine.layers} would have to be. */
    Optional<List<PyraConfig.Layer>> adjustLadder(String subject, Map<String, Object> ladder, Map<String, Object> context);

    /** No hooks: every decision is the built-in one. */
    Hooks NONE = new None();

    /** No hook installed: every answer empty. A start for a hooks double in a test. */
    class None implements Hooks {
        @Override
        public boolean active(HookName name) {
            return false;
        }

        @Override
        public Optional<String> filterSignal(String subject, Map<String, Object> signal, Map<String, Object> context) {
            return Optional.empty();
        }

        @Override
        public Optional<BigDecimal> queuePriority(String subject, Map<String, Object> entry, Map<String, Object> context) {
            return Optional.empty();
        }

        @Override
        public Optional<Long> selectRiskLoser(String subject, List<Map<String, Object>> candidates, Map<String, Object> context) {
            return Optional.empty();
        }

        @Override
        public Optional<List<Long>> selectRiskWinners(String subject, List<Map<String, Object>> candidates, BigDecimal required,
                Map<String, Object> context) {
            return Optional.empty();
        }

        @Override
        public Optional<List<PyraConfig.Layer>> adjustLadder(String subject, Map<String, Object> ladder, Map<String, Object> context) {
            return Optional.empty();
        }
    }
}
