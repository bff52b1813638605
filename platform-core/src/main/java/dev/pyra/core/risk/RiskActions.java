package dev.pyra.core.risk;

import java.math.BigDecimal;
import java.util.List;

/** What the risk engine may read and do in the trading engine; called on the event loop. */
public interface RiskActions {

    /** The live groups holding something. */
    List<RiskGroup> liveGroups();

    /**
     * Sells {@code quantity} of a group at market and keeps it open (no dust: may sell everything
     * instead). Answers null when done, else why not.
     */
    String sellPart(long groupId, BigDecimal quantity, String reason);

    /** Closes a group in full at market. */
    void closeGroup(long groupId, String reason);
}
