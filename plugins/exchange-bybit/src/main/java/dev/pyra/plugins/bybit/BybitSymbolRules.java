package dev.pyra.plugins.bybit;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Bybit v5 {@code GET /v5/market/instruments-info?category=spot} into {@link SymbolRules}:
 * {@code priceFilter.tickSize}; {@code lotSizeFilter.basePrecision} is the quantity step. On spot
 * the minimum is the order value {@code minOrderAmt}: {@code minOrderQty} is deprecated there and
 * not used. {@code maxLimitOrderQty}/{@code maxMarketOrderQty}, where given, replace {@code maxOrderQty}.
 */
public final class BybitSymbolRules {
    private BybitSymbolRules() {}

    public static List<SymbolRules> parse(JsonNode instrumentsInfo) {
        List<SymbolRules> rules = new ArrayList<>();
        for (JsonNode item : instrumentsInfo.path("result").path("list")) {
            JsonNode lot = item.path("lotSizeFilter");
            BigDecimal maxQty = decimal(lot, "maxOrderQty");
            BigDecimal maxLimit = decimal(lot, "maxLimitOrderQty");
            BigDecimal maxMarket = decimal(lot, "maxMarketOrderQty");
            rules.add(SymbolRules.builder(item.path("symbol").asString(), item.path("baseCoin").asString(), item.path("quoteCoin").asString())
                    .trading("Trading".equals(item.path("status").asString()))
                    .tickSize(decimal(item.path("priceFilter"), "tickSize"))
                    .stepSize(decimal(lot, "basePrecision"))
                    .quantityRange(null, maxLimit != null ? maxLimit : maxQty)
                    .marketQuantityRange(null, maxMarket)
                    .notionalRange(decimal(lot, "minOrderAmt"), decimal(lot, "maxOrderAmt"))
                    .minNotionalAppliesToMarket(true)
                    .build());
        }
        return rules;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : new BigDecimal(value.asString());
    }
}
