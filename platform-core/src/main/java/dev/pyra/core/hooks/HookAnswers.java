package dev.pyra.core.hooks;

import dev.pyra.core.config.ConfigError;
import dev.pyra.core.config.ConfigRules;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.HookData.InvalidAnswer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What each hook may answer, checked: anything else is an invalid answer, and the built-in rule decides. */
final class HookAnswers {
    private HookAnswers() {}

    /** {@code true} or {@code {accept: true}} accepts; {@code false} or {@code {accept: false, reason}} rejects. Empty: accepted. */
    static Optional<String> filterSignal(Object answer) {
        if (answer instanceof Boolean accept) {
            return accept ? Optional.empty() : Optional.of("rejected by the filterSignal hook");
        }
        if (answer instanceof Map<?, ?> map && map.get("accept") instanceof Boolean accept) {
            if (accept) {
                return Optional.empty();
            }
            Object reason = map.get("reason");
            if (reason != null && !(reason instanceof String)) {
                throw new InvalidAnswer("reason must be a string, was " + describe(reason));
            }
            return Optional.of(reason == null || ((String) reason).isBlank() ? "rejected by the filterSignal hook" : (String) reason);
        }
        throw new InvalidAnswer("expected true, false or {accept: boolean, reason: string}, got " + describe(answer));
    }

    /** A finite number. */
    static BigDecimal queuePriority(Object answer) {
        return number(answer, "a finite number (the entry's score: higher ranks first)");
    }

    /** The {@code groupId} of one of the candidates (a number, or {@code {groupId}}). */
    static long selectRiskLoser(Object answer, List<Map<String, Object>> candidates) {
        Object id = answer instanceof Map<?, ?> map ? map.get("groupId") : answer;
        long chosen = groupId(id, "the groupId of one of the candidates");
        if (!ids(candidates).contains(chosen)) {
            throw new InvalidAnswer("group " + chosen + " is not one of the candidates " + ids(candidates));
        }
        return chosen;
    }

    /** Some of the candidates' {@code groupId}s (numbers, or objects with a groupId), none twice, at least one. */
    static List<Long> selectRiskWinners(Object answer, List<Map<String, Object>> candidates) {
        if (!(answer instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidAnswer("expected a non-empty array of the candidates' groupIds, got " + describe(answer));
        }
        Set<Long> allowed = ids(candidates);
        Set<Long> picked = new LinkedHashSet<>();
        for (Object item : list) {
            long id = groupId(item instanceof Map<?, ?> map ? map.get("groupId") : item, "groupIds");
            if (!allowed.contains(id)) {
                throw new InvalidAnswer("group " + id + " is not one of the candidates " + allowed);
            }
            if (!picked.add(id)) {
                throw new InvalidAnswer("group " + id + " is named twice");
            }
        }
        return List.copyOf(picked);
    }

    /** The pyramid's layers: an array of {gapPercent, weightPercent, tpPercent} (or {layers: [...]}), valid like engine.layers. */
    static List<PyraConfig.Layer> adjustLadder(Object answer) {
        Object raw = answer instanceof Map<?, ?> map && map.containsKey("layers") ? map.get("layers") : answer;
        if (!(raw instanceof List<?> list)) {
            throw new InvalidAnswer("expected an array of layers {gapPercent, weightPercent, tpPercent}, got " + describe(answer));
        }
        List<PyraConfig.Layer> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> layer)) {
                throw new InvalidAnswer("layer " + i + " is not an object {gapPercent, weightPercent, tpPercent}");
            }
            layers.add(new PyraConfig.Layer(number(layer.get("gapPercent"), "layer " + i + ": gapPercent, a number"),
                    number(layer.get("weightPercent"), "layer " + i + ": weightPercent, a number"),
                    number(layer.get("tpPercent"), "layer " + i + ": tpPercent, a number")));
        }
        List<ConfigError> errors = ConfigRules.layers(layers, "layers");
        if (!errors.isEmpty()) {
            throw new InvalidAnswer("the layers are not valid: " + errors.stream().map(e -> e.path() + ": " + e.message()).toList());
        }
        return List.copyOf(layers);
    }

    private static BigDecimal number(Object value, String expected) {
        if (value instanceof Double d && Double.isFinite(d)) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros();
        }
        throw new InvalidAnswer("expected " + expected + ", got " + describe(value));
    }

    private static long groupId(Object value, String expected) {
        if (value instanceof Double d && Double.isFinite(d) && d == Math.rint(d)) {
            return d.longValue();
        }
        throw new InvalidAnswer("expected " + expected + ", got " + describe(value));
    }

    private static Set<Long> ids(List<Map<String, Object>> candidates) {
        Set<Long> ids = new LinkedHashSet<>();
        for (Map<String, Object> candidate : candidates) {
            if (candidate.get("groupId") instanceof Number n) {
                ids.add(n.longValue());
            }
        }
        return ids;
    }

    /** An answer in a few words for an error message (never a Java object's toString). */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (null or undefined)";
        }
        if (value instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? "the number " + new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString()
                    : "the number " + d;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof List<?> list) {
            return "an array of " + list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return "an object with " + (map.isEmpty() ? "no members" : "members " + map.keySet());
        }
        return "a value of another kind";
    }
}
