package dev.pyra.core.venue;

import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.SimulatedMarket;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.BadRequestException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /api/v1/paper/ticks}: {@code [{"symbol":"BTCUSDT","price":"64000.10"}]}, each
 * tick optionally with {@code "quantity"}: how much trades at that price (partial fills).
 */
public final class PaperTicks {
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");

    private PaperTicks() {}

    /** Validates every tick before any is applied: a bad one refuses the whole batch. */
    public static List<PriceTick> parse(JsonNode body, Venue venue, Clock clock) {
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw new BadRequestException("$", "must be a non-empty JSON array of {\"symbol\", \"price\"}");
        }
        List<PriceTick> ticks = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode entry = body.get(i);
            String at = "$[" + i + "]";
            if (!entry.isObject()) {
                throw new BadRequestException(at, "must be an object with symbol and price");
            }
            JsonNode symbolNode = entry.get("symbol");
            if (symbolNode == null || !symbolNode.isString() || symbolNode.asString().isBlank()) {
                throw new BadRequestException(at + ".symbol", "is required");
            }
            String symbol = symbolNode.asString();
            SymbolRules rules = venue.rules(symbol).orElseThrow(() ->
                    new BadRequestException(at + ".symbol", "unknown symbol '" + symbol + "' on exchange '" + venue.id() + "'"));
            JsonNode priceNode = entry.get("price");
            String price = priceNode == null || priceNode.isNull() ? ""
                    : priceNode.isNumber() ? priceNode.decimalValue().toPlainString() : priceNode.asString().trim();
            if (!DECIMAL.matcher(price).matches() || new BigDecimal(price).signum() <= 0) {
                throw new BadRequestException(at + ".price", "not a positive decimal number: '" + price + "'");
            }
            BigDecimal quantity = null;
            JsonNode quantityNode = entry.get("quantity");
            if (quantityNode != null && !quantityNode.isNull()) {
                String raw = quantityNode.isNumber() ? quantityNode.decimalValue().toPlainString() : quantityNode.asString().trim();
                if (!DECIMAL.matcher(raw).matches() || new BigDecimal(raw).signum() <= 0) {
                    throw new BadRequestException(at + ".quantity", "not a positive decimal number: '" + raw + "'");
                }
                quantity = new BigDecimal(raw);
            }
            ticks.add(new PriceTick(rules.symbol(), new BigDecimal(price), clock.instant(), quantity));
        }
        return ticks;
    }

    /** Moves the simulated market; venue errors become client errors (nothing was applied). */
    public static void apply(SimulatedMarket market, List<PriceTick> ticks) {
        try {
            market.applyTicks(ticks);
        } catch (ExchangeException e) {
            throw new BadRequestException("$", e.venueMessage());
        }
    }
}
