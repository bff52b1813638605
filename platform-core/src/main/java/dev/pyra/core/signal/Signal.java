package dev.pyra.core.signal;

import dev.pyra.api.exchange.Side;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A webhook signal after validation.
 *
 * @param symbol as the alert wrote it ({@code BINANCE:BTCUSDT})
 * @param venueSymbol the venue's own name for it ({@code BTCUSDT})
 * @param pairKey Pyra's key ({@code BTCUSDT}); with exchange and timeframe it keys position groups
 * @param position TradingView's {@code strategy.market_position}, if sent
 * @param price the alert's price; null for an exit that sent none
 * @param clientId the alert's {@code id}, if sent
 * @param time the alert's {@code time}, if sent
 */
public record Signal(
        String exchange,
        String symbol,
        String venueSymbol,
        String pairKey,
        String timeframe,
        Side action,
        SignalType type,
        String position,
        BigDecimal price,
        String clientId,
        Instant time) {

    /**
     * With an {@code id}: the id itself. Without, but with a time: exchange + symbol + timeframe +
     * action + time. With neither, nothing identifies a resend, so no key (never deduplicated).
     */
    public String dedupeKey() {
        if (clientId != null) {
            return "id:" + clientId;
        }
        if (time != null) {
            return "t:" + exchange + "|" + pairKey + "|" + timeframe + "|" + action + "|" + type + "|" + time;
        }
        return null;
    }
}
