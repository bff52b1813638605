package dev.pyra.core.trading;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** One entry signal's share of a position group: a ladder of DCA legs. */
public final class Pyramid {
    final int index;
    final long signalId;
    final BigDecimal signalPrice;
    final BigDecimal capital;
    final List<DcaLeg> legs = new ArrayList<>();

    Pyramid(int index, long signalId, BigDecimal signalPrice, BigDecimal capital) {
        this.index = index;
        this.signalId = signalId;
        this.signalPrice = signalPrice;
        this.capital = capital;
    }

    DcaLeg entry() {
        return legs.getFirst();
    }
}
