package dev.pyra.api.strategy;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Picks which losing position group the risk engine offsets first. Pure and cheap: the engine
 * calls it on its event loop with the groups that meet every activation condition.
 */
public interface RiskSelector extends ExtensionPoint {

    /** The id chosen in config ({@code risk.selector}), e.g. {@code worst-loss}. */
    String id();

    /** The eligible losers, most urgent first. */
    List<RiskCandidate> rank(List<RiskCandidate> eligible);
}
