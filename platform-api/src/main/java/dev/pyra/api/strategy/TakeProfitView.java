package dev.pyra.api.strategy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;

/**
 * What a take-profit mode sees of a long position group.
 *
 * @param averageEntry the group's average entry over all filled legs, fees included
 * @param aggregateTpPercent the aggregate take-profit, in percent (e.g. {@code 1.5})
 * @param legs filled legs still held, each with its own target
 */
public record TakeProfitView(BigDecimal averageEntry, BigDecimal aggregateTpPercent, List<Leg> legs) {

    public TakeProfitView {
        legs = List.copyOf(legs);
    }

    /** {@code averageEntry × (1 + aggregateTpPercent / 100)}, or null when nothing is held. */
    public BigDecimal aggregateTarget() {
        if (averageEntry == null || aggregateTpPercent == null) {
            return null;
        }
        BigDecimal factor = BigDecimal.ONE.add(aggregateTpPercent.movePointLeft(2));
        return averageEntry.multiply(factor, MathContext.DECIMAL128);
    }

    /** A filled DCA leg: its held quantity and its take-profit target (fill price × (1 + tp%)). */
    public record Leg(String legId, BigDecimal quantity, BigDecimal target) {
        public Leg {
            Objects.requireNonNull(legId, "legId");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(target, "target");
        }
    }
}
