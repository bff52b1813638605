package dev.pyra.api.exchange;

import java.util.List;

/** Implemented by simulators (the paper venue): the host moves their market. */
public interface SimulatedMarket {

    /**
     * Moves the market to these prices, in order; resting orders that the price crosses fill.
     * Symbols the venue does not list are refused with {@link ErrorKind#UNKNOWN_SYMBOL}.
     */
    void applyTicks(List<PriceTick> ticks);
}
