package dev.pyra.plugins.okx;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * OKX {@code GET /api/v5/public/instruments?instType=SPOT} into {@link SymbolRules}: {@code tickSz},
 * {@code lotSz} (step), {@code minSz}, {@code maxLmtSz}/{@code maxMktSz}; the order value is capped by
 * {@code maxLmtAmt} and {@code maxMktAmt} (the smaller is kept for both). OKX has no minimum order
 * value on spot. Only {@code state: live} trades.
 */
public final class OkxSymbolRules {
    private OkxSymbolRules() {}

    public static List<SymbolRules> parse(JsonNode instruments) {
        List<SymbolRules> rules = new ArrayList<>();
        for (JsonNode item : instruments.path("data")) {
            if (!"SPOT".equals(item.path("instType").asString())) {
                continue;
            }
            BigDecimal maxLimitAmount = decimal(item, "maxLmtAmt");
            BigDecimal maxMarketAmount = decimal(item, "maxMktAmt");
            BigDecimal maxAmount = maxLimitAmount == null ? maxMarketAmount
                    : maxMarketAmount == null ? maxLimitAmount : maxLimitAmount.min(maxMarketAmount);
            rules.add(SymbolRules.builder(item.path("instId").asString(), item.path("baseCcy").asString(), item.path("quoteCcy").asString())
                    .trading("live".equals(item.path("state").asString()))
                    .tickSize(decimal(item, "tickSz"))
                    .stepSize(decimal(item, "lotSz"))
                    .quantityRange(decimal(item, "minSz"), decimal(item, "maxLmtSz"))
                    .marketQuantityRange(null, decimal(item, "maxMktSz"))
                    .notionalRange(null, maxAmount)
                    .build());
        }
        return rules;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : new BigDecimal(value.asString());
    }
}
