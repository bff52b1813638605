package dev.pyra.api.strategy;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An entry signal waiting for a slot of the execution pool, as ranking rules see it.
 *
 * @param signalPrice the price of the newest signal for it (a replacement signal brings a new one)
 * @param lastPrice the market's last price for the symbol on its venue; null when none is known
 * @param replacementCount how many newer signals replaced it while it waited
 * @param sequence its place in arrival order: lower arrived first (a replacement keeps it)
 */
public record QueuedSignal(String exchange, String symbol, String pairKey, String timeframe, BigDecimal signalPrice,
        BigDecimal lastPrice, int replacementCount, long sequence, Instant queuedAt) {}
