package dev.pyra.core.precision;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order as Pyra would send it: price and quantity on the venue's grids, its notional, what was
 * adjusted and why, and every rule it still violates. An order with problems is never sent.
 *
 * @param price the limit price; for a market order the reference price the checks used
 * @param notional price × quantity, the quote amount the checks used
 */
public record PreparedOrder(BigDecimal price, BigDecimal quantity, BigDecimal notional, List<Adjustment> adjustments,
        List<String> problems) {

    public PreparedOrder {
        adjustments = List.copyOf(adjustments);
        problems = List.copyOf(problems);
    }

    public boolean blocked() {
        return !problems.isEmpty();
    }

    /** Why it may not be sent; null when it may. */
    public String blockedReason() {
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
