package dev.pyra.plugins.gateio;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Gate.io {@code GET /api/v4/spot/currency_pairs} into {@link SymbolRules}. Gate gives decimal
 * counts: {@code precision} for prices, {@code amount_precision} for quantities. Its minimums are
 * {@code min_base_amount} and {@code min_quote_amount}; an absent {@code min_base_amount} means "no
 * minimum quantity", not "unknown". Only {@code trade_status: tradable} trades both ways.
 */
public final class GateioSymbolRules {
    private GateioSymbolRules() {}

    public static List<SymbolRules> parse(JsonNode currencyPairs) {
        List<SymbolRules> rules = new ArrayList<>();
        for (JsonNode item : currencyPairs) {
            int priceDecimals = item.path("precision").asInt();
            int quantityDecimals = item.path("amount_precision").asInt();
            rules.add(SymbolRules.builder(item.path("id").asString(), item.path("base").asString(), item.path("quote").asString())
                    .trading("tradable".equals(item.path("trade_status").asString()))
                    .tickSize(BigDecimal.ONE.movePointLeft(priceDecimals))
                    .priceDecimals(priceDecimals)
                    .stepSize(BigDecimal.ONE.movePointLeft(quantityDecimals))
                    .quantityDecimals(quantityDecimals)
                    .quantityRange(decimal(item, "min_base_amount"), decimal(item, "max_base_amount"))
                    .notionalRange(decimal(item, "min_quote_amount"), decimal(item, "max_quote_amount"))
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
