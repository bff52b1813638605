package dev.pyra.core.trading;

import dev.pyra.core.precision.PrecisionEngine;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The ladder's arithmetic, shared by the engine and the settings preview so both say the same. */
public final class Ladder {
    private Ladder() {}

    /** Where a DCA leg rests: its gap below the entry's actual average fill price (before tick rounding). */
    public static BigDecimal restingPrice(BigDecimal entryFill, BigDecimal gapPercent) {
        return entryFill.multiply(BigDecimal.ONE.subtract(gapPercent.movePointLeft(2)), DcaLeg.MATH);
    }

    /** A leg's take-profit: its tp % above what it paid, rounded up onto the tick (a sale never below the target). */
    public static BigDecimal takeProfitTarget(BigDecimal averageFill, BigDecimal tpPercent, BigDecimal tick) {
        BigDecimal target = averageFill.multiply(BigDecimal.ONE.add(tpPercent.movePointLeft(2)), DcaLeg.MATH);
        return tick == null ? target.stripTrailingZeros() : PrecisionEngine.onGrid(target, tick, RoundingMode.CEILING);
    }
}
