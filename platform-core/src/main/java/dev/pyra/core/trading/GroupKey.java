package dev.pyra.core.trading;

import dev.pyra.api.exchange.Side;

/** What makes a position group: one per exchange + pair + timeframe + side. */
public record GroupKey(String exchange, String pairKey, String timeframe, Side side) {

    @Override
    public String toString() {
        return exchange + ":" + pairKey + ":" + timeframe + ":" + side.name().toLowerCase();
    }
}
