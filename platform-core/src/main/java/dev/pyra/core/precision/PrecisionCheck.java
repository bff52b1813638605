package dev.pyra.core.precision;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.BadRequestException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/precision/check}: an order as Pyra would send it, for the settings preview
 * and troubleshooting. Body: {@code exchange}, {@code symbol}, {@code side}, {@code type}
 * ({@code limit} or {@code market}), {@code price} (for a market order the price expected), and
 * either {@code quantity} or {@code quoteAmount}; optionally {@code capital}: the pyramid capital a
 * buy may be raised within, as the engine would.
 */
public final class PrecisionCheck {
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");
    private static final Set<String> FIELDS = Set.of("exchange", "symbol", "side", "type", "price", "quantity", "quoteAmount", "capital");

    /**
     * @param status {@code ok} (sent as asked), {@code adjusted} (sent with the adjustments listed) or {@code blocked}
     * @param price as sent, a plain decimal string
     * @param quantity as sent, a plain decimal string
     * @param rules the venue's rules the check used; null when there are none
     */
    public record Answer(String exchange, String symbol, String side, String type, String status, String price, String quantity,
            String notional, List<Adjustment> adjustments, List<String> problems, SymbolRules rules) {}

    private PrecisionCheck() {}

    public static Answer run(JsonNode body, SymbolRulesSource venues, PrecisionEngine precision) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("$", "must be a JSON object with exchange, symbol, side, type, price and quantity or quoteAmount");
        }
        body.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                throw new BadRequestException(name, "unknown field; expected one of " + new java.util.TreeSet<>(FIELDS));
            }
        });
        String exchange = text(body, "exchange");
        String symbol = text(body, "symbol");
        Side side = switch (text(body, "side").toLowerCase(Locale.ROOT)) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new BadRequestException("side", "must be buy or sell");
        };
        OrderType type = switch (body.has("type") ? text(body, "type").toLowerCase(Locale.ROOT) : "limit") {
            case "limit" -> OrderType.LIMIT;
            case "market" -> OrderType.MARKET;
            default -> throw new BadRequestException("type", "must be limit or market");
        };
        BigDecimal price = decimal(body, "price");
        if (price == null) {
            throw new BadRequestException("price", type == OrderType.MARKET
                    ? "is required: the price a market order is expected to trade at, to check its notional" : "is required");
        }
        BigDecimal quantity = decimal(body, "quantity");
        BigDecimal quoteAmount = decimal(body, "quoteAmount");
        if ((quantity == null) == (quoteAmount == null)) {
            throw new BadRequestException("quantity", "give either quantity or quoteAmount (not both)");
        }
        if (quantity == null) {
            quantity = quoteAmount.divide(price, MathContext.DECIMAL128);
        }
        BigDecimal capital = decimal(body, "capital");
        if (capital != null && side == Side.SELL) {
            throw new BadRequestException("capital", "only a buy can be raised within a capital");
        }
        SymbolRulesSource.Lookup lookup = venues.find(exchange, symbol);
        PreparedOrder order = lookup.rules() == null
                ? new PreparedOrder(price, quantity, null, List.of(), List.of(lookup.problem()))
                : side == Side.BUY && capital != null
                        ? precision.prepareBuy(lookup.rules(), type, price, quantity, precision.raiseLimit(capital, BigDecimal.ZERO))
                        : precision.prepare(lookup.rules(), side, type, price, quantity);
        String status = order.blocked() ? "blocked" : order.adjustments().isEmpty() ? "ok" : "adjusted";
        return new Answer(exchange, lookup.rules() == null ? symbol : lookup.rules().symbol(), side.name().toLowerCase(Locale.ROOT),
                type.name().toLowerCase(Locale.ROOT), status, plain(order.price()), plain(order.quantity()), plain(order.notional()),
                order.adjustments(), order.problems(), lookup.rules());
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : PrecisionEngine.plain(value).toPlainString();
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw new BadRequestException(field, "is required");
        }
        return node.asString().trim();
    }

    private static BigDecimal decimal(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String raw = node.isNumber() ? node.decimalValue().toPlainString() : node.isString() ? node.asString().trim() : "";
        if (!DECIMAL.matcher(raw).matches() || new BigDecimal(raw).signum() <= 0) {
            throw new BadRequestException(field, "not a positive decimal number: '" + (node.isString() ? node.asString() : node.toString()) + "'");
        }
        return new BigDecimal(raw);
    }
}
