package dev.pyra.plugins.kucoin;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * KuCoin's error codes as engine errors (docs: "Errors Code", spot API). Every answer carries
 * {@code code}; anything but {@code 200000} is an error, sometimes with HTTP 200. The code and
 * message are kept for the log; the kind decides what the host does.
 */
final class KucoinErrors {
    static final String OK = "200000";

    private KucoinErrors() {}

    static ErrorKind kind(String code, String message, int status) {
        String msg = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return switch (code) {
            case "429000", "200002", "1015" -> ErrorKind.RATE_LIMITED; // pool used up; per-endpoint limit; Cloudflare IP limit
            case "500000", "503000" -> ErrorKind.VENUE_UNAVAILABLE;
            case "400001", "400002", "400003", "400004", "400005", "400006", "400007", "411100" -> ErrorKind.AUTH;
            case "200004", "230003", "102421" -> ErrorKind.INSUFFICIENT_BALANCE;
            case "900001" -> ErrorKind.UNKNOWN_SYMBOL;
            case "400100" -> parameterError(msg, status);
            case "404000" -> ErrorKind.REJECTED; // url not found
            default -> msg.contains("insufficient") ? ErrorKind.INSUFFICIENT_BALANCE
                    : msg.contains("order not exist") || msg.contains("order_not_exist") ? ErrorKind.UNKNOWN_ORDER
                    : status >= 500 ? ErrorKind.VENUE_UNAVAILABLE : ErrorKind.REJECTED;
        };
    }

    /** 400100 "Parameter Error" covers unknown orders, precision and size limits: the message tells which. */
    private static ErrorKind parameterError(String msg, int status) {
        if (msg.contains("order not exist") || msg.contains("order_not_exist") || msg.contains("order does not exist") || status == 404) {
            return ErrorKind.UNKNOWN_ORDER;
        }
        if (msg.contains("increment") || msg.contains("precision") || msg.contains("minimum") || msg.contains("maximum")
                || msg.contains("min size") || msg.contains("max size") || msg.contains("too small") || msg.contains("too large")
                || msg.contains("exceeds") || msg.contains("price") && msg.contains("limit") || msg.contains("funds")) {
            return ErrorKind.PRECISION;
        }
        if (msg.contains("symbol") && (msg.contains("not exist") || msg.contains("invalid"))) {
            return ErrorKind.UNKNOWN_SYMBOL;
        }
        if (msg.contains("balance")) {
            return ErrorKind.INSUFFICIENT_BALANCE;
        }
        return ErrorKind.REJECTED;
    }

    /** KuCoin's {@code {"code":"200004","msg":"Balance insufficient!"}}; null when the answer is no error. */
    static ExchangeException read(int status, JsonNode body) {
        JsonNode code = body.get("code");
        if (code == null || code.isNull()) {
            return null;
        }
        String value = code.asString();
        if (OK.equals(value)) {
            return null;
        }
        String message = body.path("msg").asString("");
        if (message.isBlank()) {
            message = "HTTP " + status;
        }
        return new ExchangeException(kind(value, message, status), value, message);
    }
}
