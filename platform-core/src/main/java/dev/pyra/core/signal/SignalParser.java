package dev.pyra.core.signal;

import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a webhook body into a {@link Signal}, or refuses it naming the field at fault. Extra fields
 * are allowed (kept with the raw body) and otherwise ignored.
 */
public final class SignalParser {
    private static final Pattern TIMEFRAME = Pattern.compile("^[0-9]{0,5}[SMHDW]?$");
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");
    private static final Pattern EPOCH = Pattern.compile("^[0-9]{10,13}$");
    private static final int MAX_ID_LENGTH = 200;

    private final SymbolDirectory directory;

    public SignalParser(SymbolDirectory directory) {
        this.directory = directory;
    }

    public Signal parse(JsonNode body) {
        String exchange = required(body, "exchange").toLowerCase(Locale.ROOT);
        if (!directory.exchanges().contains(exchange)) {
            throw BadSignalException.badField("exchange", "unknown exchange '" + exchange + "' (enabled: "
                    + String.join(", ", directory.exchanges().stream().sorted().toList()) + ")");
        }
        String symbol = required(body, "symbol");
        SymbolRules rules = directory.rules(exchange, symbol).orElseThrow(() ->
                BadSignalException.badField("symbol", "unknown symbol '" + symbol + "' on exchange '" + exchange + "'"));
        String timeframe = timeframe(required(body, "timeframe"));
        Side action = action(required(body, "action"));
        String position = optional(body, "position");
        if (position != null) {
            position = position.toLowerCase(Locale.ROOT);
            if (!position.equals("long") && !position.equals("short") && !position.equals("flat")) {
                throw BadSignalException.badField("position", "must be long, short or flat, was '" + position + "'");
            }
        }
        SignalType type = type(optional(body, "type"), position);
        BigDecimal price = price(optional(body, "price"), type);
        String id = optional(body, "id");
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw BadSignalException.badField("id", "longer than " + MAX_ID_LENGTH + " characters");
        }
        Instant time = time(optional(body, "time"));
        return new Signal(exchange, symbol, rules.symbol(), rules.pairKey(), timeframe, action, type, position, price, id, time);
    }

    /**
     * A JSON number as plain digits. {@code 1e999999999} is a short number whose plain digits would
     * fill gigabytes (found by WebhookFuzzTest): a number beyond any price or time is refused first.
     */
    private static String plainNumber(String field, java.math.BigDecimal value) {
        if (value.precision() > 64 || Math.abs((long) value.scale()) > 64) {
            throw BadSignalException.badField(field, "a number out of range: " + value.round(new java.math.MathContext(6)));
        }
        return value.toPlainString();
    }

    /** A text or number field; null when absent, JSON null or empty. */
    static String optional(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw BadSignalException.badField(field, "must be a string or a number");
        }
        String text = node.isNumber() ? plainNumber(field, node.decimalValue()) : node.asString().trim();
        return text.isEmpty() ? null : text;
    }

    private static String required(JsonNode body, String field) {
        String value = optional(body, field);
        if (value == null) {
            throw BadSignalException.badField(field, "is required");
        }
        return value;
    }

    private static String timeframe(String raw) {
        String tf = raw.toUpperCase(Locale.ROOT);
        if (!TIMEFRAME.matcher(tf).matches() || tf.isEmpty()) {
            throw BadSignalException.badField("timeframe", "not a TradingView interval such as 1, 60, 1D or 1W: '" + raw + "'");
        }
        return tf;
    }

    private static Side action(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw BadSignalException.badField("action", "must be buy or sell, was '" + raw + "'");
        };
    }

    private static SignalType type(String raw, String position) {
        if ("flat".equals(position)) {
            return SignalType.EXIT;
        }
        if (raw == null) {
            return SignalType.ENTRY;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "entry" -> SignalType.ENTRY;
            case "exit" -> SignalType.EXIT;
            default -> throw BadSignalException.badField("type", "must be entry or exit, was '" + raw + "'");
        };
    }

    private static BigDecimal price(String raw, SignalType type) {
        if (raw == null) {
            if (type == SignalType.ENTRY) {
                throw BadSignalException.badField("price", "is required for an entry");
            }
            return null;
        }
        if (!DECIMAL.matcher(raw).matches()) {
            throw BadSignalException.badField("price", "not a positive decimal number: '" + raw + "'");
        }
        BigDecimal price = new BigDecimal(raw);
        if (price.signum() <= 0) {
            throw BadSignalException.badField("price", "must be greater than zero, was " + raw);
        }
        return price;
    }

    private static Instant time(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            if (EPOCH.matcher(raw).matches()) {
                long value = Long.parseLong(raw);
                return raw.length() <= 10 ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
            }
            return Instant.parse(raw);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw BadSignalException.badField("time", "not an ISO-8601 time (2026-11-23T10:15:00Z) nor epoch milliseconds: '" + raw + "'");
        }
    }
}
