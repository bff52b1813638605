package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;

/** One symbol's Binance filters, as exchangeInfo states them (a zero limit means none). */
record SymbolFilters(
        String symbol,
        String baseAsset,
        String quoteAsset,
        String status,
        BigDecimal minPrice,
        BigDecimal maxPrice,
        BigDecimal tickSize,
        BigDecimal minQty,
        BigDecimal maxQty,
        BigDecimal stepSize,
        BigDecimal marketMinQty,
        BigDecimal marketMaxQty,
        BigDecimal marketStepSize,
        BigDecimal minNotional,
        boolean applyMinToMarket,
        BigDecimal maxNotional,
        boolean applyMaxToMarket) {

    boolean trading() {
        return "TRADING".equals(status);
    }

    SymbolRules toRules() {
        return new SymbolRules(symbol, baseAsset, quoteAsset, trading(), limit(tickSize), limit(stepSize), limit(marketStepSize),
                limit(minQty), limit(maxQty), limit(minNotional), limit(maxNotional), applyMinToMarket);
    }

    /** Binance writes "no limit" as zero; the SPI says null. */
    private static BigDecimal limit(BigDecimal value) {
        return value == null || value.signum() == 0 ? null : value.stripTrailingZeros();
    }
}
