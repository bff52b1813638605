package dev.pyra.plugins.standard;

import dev.pyra.api.strategy.RiskCandidate;
import dev.pyra.api.strategy.RiskSelector;
import java.util.Comparator;
import java.util.List;
import org.pf4j.Extension;

/** The highest loss % first; then the highest loss in USD; then the oldest group. */
@Extension
public final class WorstLossSelector implements RiskSelector {
    private static final Comparator<RiskCandidate> ORDER = Comparator.comparing(RiskCandidate::lossPercent).reversed()
            .thenComparing(Comparator.comparing(RiskCandidate::lossUsd).reversed())
            .thenComparing(RiskCandidate::openedAt)
            .thenComparingLong(RiskCandidate::groupId);

    @Override
    public String id() {
        return "worst-loss";
    }

    @Override
    public List<RiskCandidate> rank(List<RiskCandidate> eligible) {
        return eligible.stream().sorted(ORDER).toList();
    }
}
