package dev.pyra.plugins.kucoin;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * KuCoin {@code GET /api/v2/symbols} into {@link SymbolRules}: {@code priceIncrement} (tick),
 * {@code baseIncrement} (step), {@code baseMinSize}/{@code baseMaxSize}; the minimum order value is
 * {@code minFunds} (the larger of it and {@code quoteMinSize}), the maximum {@code quoteMaxSize}.
 */
public final class KucoinSymbolRules {
    private KucoinSymbolRules() {}

    public static List<SymbolRules> parse(JsonNode symbols) {
        List<SymbolRules> rules = new ArrayList<>();
        for (JsonNode item : symbols.path("data")) {
            BigDecimal minFunds = decimal(item, "minFunds");
            BigDecimal quoteMin = decimal(item, "quoteMinSize");
            BigDecimal minValue = minFunds == null ? quoteMin : quoteMin == null ? minFunds : minFunds.max(quoteMin);
            rules.add(SymbolRules.builder(item.path("symbol").asString(), item.path("baseCurrency").asString(),
                            item.path("quoteCurrency").asString())
                    .trading(item.path("enableTrading").asBoolean(false))
                    .tickSize(decimal(item, "priceIncrement"))
                    .stepSize(decimal(item, "baseIncrement"))
                    .quantityRange(decimal(item, "baseMinSize"), decimal(item, "baseMaxSize"))
                    .notionalRange(minValue, decimal(item, "quoteMaxSize"))
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
