package dev.pyra.plugins.mexc;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * MEXC spot v3 {@code GET /api/v3/exchangeInfo} into {@link SymbolRules}. MEXC gives decimal
 * counts, not steps: {@code quotePrecision} decimals in a price, {@code baseAssetPrecision} in a
 * quantity. {@code baseSizePrecision} is the minimum quantity ({@code "0"}: none);
 * {@code quoteAmountPrecision} and {@code quoteAmountPrecisionMarket} the minimum order value of a
 * limit and a market order, {@code maxQuoteAmount}/{@code maxQuoteAmountMarket} the maximum (the
 * stricter of each pair is kept). {@code status} is {@code "1"} when online.
 */
public final class MexcSymbolRules {
    private MexcSymbolRules() {}

    public static List<SymbolRules> parse(JsonNode exchangeInfo) {
        List<SymbolRules> rules = new ArrayList<>();
        for (JsonNode item : exchangeInfo.path("symbols")) {
            int priceDecimals = item.path("quotePrecision").asInt();
            int quantityDecimals = item.path("baseAssetPrecision").asInt();
            rules.add(SymbolRules.builder(item.path("symbol").asString(), item.path("baseAsset").asString(), item.path("quoteAsset").asString())
                    .trading("1".equals(item.path("status").asString()) && item.path("isSpotTradingAllowed").asBoolean(false))
                    .tickSize(BigDecimal.ONE.movePointLeft(priceDecimals))
                    .priceDecimals(priceDecimals)
                    .stepSize(BigDecimal.ONE.movePointLeft(quantityDecimals))
                    .quantityDecimals(quantityDecimals)
                    .quantityRange(decimal(item, "baseSizePrecision"), null)
                    .notionalRange(larger(decimal(item, "quoteAmountPrecision"), decimal(item, "quoteAmountPrecisionMarket")),
                            smaller(decimal(item, "maxQuoteAmount"), decimal(item, "maxQuoteAmountMarket")))
                    .minNotionalAppliesToMarket(true)
                    .build());
        }
        return rules;
    }

    private static BigDecimal larger(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.max(b);
    }

    private static BigDecimal smaller(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.min(b);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : new BigDecimal(value.asString());
    }
}
