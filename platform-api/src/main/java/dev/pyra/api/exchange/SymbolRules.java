package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A venue's trading rules for one symbol, normalized. A {@code null} limit means the venue sets
 * none (which is different from "unknown": unknown symbols have no rules at all).
 *
 * @param symbol venue-native symbol as sent in orders, e.g. {@code BTCUSDT} or {@code BTC-USDT}
 * @param baseAsset e.g. {@code BTC}
 * @param quoteAsset e.g. {@code USDT}
 * @param trading false when the venue has halted the symbol (Binance {@code BREAK})
 * @param tickSize price increment
 * @param stepSize quantity increment for limit orders
 * @param marketStepSize quantity increment for market orders, where the venue has a separate one
 * @param minNotionalAppliesToMarket whether {@code minNotional} is checked for market orders too
 */
public record SymbolRules(
        String symbol,
        String baseAsset,
        String quoteAsset,
        boolean trading,
        BigDecimal tickSize,
        BigDecimal stepSize,
        BigDecimal marketStepSize,
        BigDecimal minQty,
        BigDecimal maxQty,
        BigDecimal minNotional,
        BigDecimal maxNotional,
        boolean minNotionalAppliesToMarket) {

    public SymbolRules {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(baseAsset, "baseAsset");
        Objects.requireNonNull(quoteAsset, "quoteAsset");
        requirePositiveOrNull(tickSize, "tickSize");
        requirePositiveOrNull(stepSize, "stepSize");
        requirePositiveOrNull(marketStepSize, "marketStepSize");
    }

    /** The key Pyra uses across venues: base and quote joined, upper case, e.g. {@code BTCUSDT}. */
    public String pairKey() {
        return (baseAsset + quoteAsset).toUpperCase(java.util.Locale.ROOT);
    }

    private static void requirePositiveOrNull(BigDecimal value, String name) {
        if (value != null && value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value.toPlainString());
        }
    }
}
