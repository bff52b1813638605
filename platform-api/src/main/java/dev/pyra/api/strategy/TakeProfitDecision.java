package dev.pyra.api.strategy;

import java.util.List;

/** Close the whole group, or only these legs, or nothing. */
public record TakeProfitDecision(boolean closeAll, List<String> legIds) {
    private static final TakeProfitDecision NONE = new TakeProfitDecision(false, List.of());
    private static final TakeProfitDecision ALL = new TakeProfitDecision(true, List.of());

    public TakeProfitDecision {
        legIds = List.copyOf(legIds);
    }

    public static TakeProfitDecision none() {
        return NONE;
    }

    public static TakeProfitDecision all() {
        return ALL;
    }

    public static TakeProfitDecision legs(List<String> legIds) {
        return legIds.isEmpty() ? NONE : new TakeProfitDecision(false, legIds);
    }

    public boolean isNone() {
        return !closeAll && legIds.isEmpty();
    }
}
