package dev.pyra.plugins.binance;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Binance spot {@code GET /api/v3/exchangeInfo} into {@link SymbolRules}: {@code PRICE_FILTER},
 * {@code LOT_SIZE}, {@code MARKET_LOT_SIZE}, and either the current {@code NOTIONAL} or the older
 * {@code MIN_NOTIONAL} filter. Binance writes "no limit" as zero ({@code "0.00000000"}).
 */
public final class BinanceSymbolRules {
    private BinanceSymbolRules() {}

    public static List<SymbolRules> parse(JsonNode exchangeInfo) {
        List<SymbolRules> rules = new ArrayList<>();
        for (JsonNode symbol : exchangeInfo.path("symbols")) {
            SymbolRules.Builder builder = SymbolRules.builder(symbol.path("symbol").asString(), symbol.path("baseAsset").asString(),
                            symbol.path("quoteAsset").asString())
                    .trading("TRADING".equals(symbol.path("status").asString())
                            && symbol.path("isSpotTradingAllowed").asBoolean(true));
            for (JsonNode filter : symbol.path("filters")) {
                switch (filter.path("filterType").asString()) {
                    case "PRICE_FILTER" -> builder.tickSize(decimal(filter, "tickSize"))
                            .priceRange(decimal(filter, "minPrice"), decimal(filter, "maxPrice"));
                    case "LOT_SIZE" -> builder.stepSize(decimal(filter, "stepSize"))
                            .quantityRange(decimal(filter, "minQty"), decimal(filter, "maxQty"));
                    case "MARKET_LOT_SIZE" -> builder.marketStepSize(decimal(filter, "stepSize"))
                            .marketQuantityRange(decimal(filter, "minQty"), decimal(filter, "maxQty"));
                    // the maximum is kept for market orders too, where Binance may not apply it: stricter, never rejected
                    case "NOTIONAL" -> builder.notionalRange(decimal(filter, "minNotional"), decimal(filter, "maxNotional"))
                            .minNotionalAppliesToMarket(filter.path("applyMinToMarket").asBoolean(true));
                    case "MIN_NOTIONAL" -> builder.notionalRange(decimal(filter, "minNotional"), null)
                            .minNotionalAppliesToMarket(filter.path("applyToMarket").asBoolean(true));
                    default -> {
                        // PERCENT_PRICE_BY_SIDE, ICEBERG_PARTS, …: not about an order's precision
                    }
                }
            }
            rules.add(builder.build());
        }
        return rules;
    }

    private static BigDecimal decimal(JsonNode filter, String field) {
        JsonNode value = filter.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : new BigDecimal(value.asString());
    }
}
