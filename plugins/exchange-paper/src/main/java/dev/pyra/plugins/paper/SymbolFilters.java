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
        return SymbolRules.builder(symbol, baseAsset, quoteAsset)
                .trading(trading())
                .tickSize(tickSize)
                .priceRange(minPrice, maxPrice)
                .stepSize(stepSize)
                .quantityRange(minQty, maxQty)
                .marketStepSize(marketStepSize)
                .marketQuantityRange(marketMinQty, marketMaxQty)
                .notionalRange(minNotional, maxNotional) // zero means none: the rules drop it
                .minNotionalAppliesToMarket(applyMinToMarket)
                .build();
    }
}
