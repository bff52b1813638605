package dev.pyra.plugins.okx;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.connector.RequestThrottle;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * OKX's error codes as engine errors (docs: OKX API v5, "Error Code", REST). OKX answers
 * {@code {"code":"51001","msg":"…","data":[]}} with HTTP 200 or 4xx, and an order call that failed
 * per order {@code {"code":"1","msg":"All operations failed","data":[{"sCode":"51008","sMsg":"…"}]}}:
 * the order's own {@code sCode} is the one that counts. The code and message are kept for the log.
 */
final class OkxErrors {
    /** OKX counts its limits in 2-second windows; a rate-limit answer without Retry-After waits one out. */
    static final Duration RATE_LIMIT_PAUSE = Duration.ofSeconds(2);

    private OkxErrors() {}

    static ErrorKind kind(String code, String message) {
        return switch (code) {
            case "50011", "50040", "50061" -> ErrorKind.RATE_LIMITED; // rate limit reached, too frequent, sub-account limit
            // "API endpoint request timeout (does not mean that the request was successful or failed)"; order timed out
            case "50004", "51149" -> ErrorKind.TIMEOUT;
            case "50001", "50005", "50013", "50026" -> ErrorKind.VENUE_UNAVAILABLE; // unavailable, offline, busy, system error
            // API key frozen, wrong environment (live key on demo), timestamp expired, missing or invalid headers,
            // IP not allowed, invalid key / timestamp / signature / authority, key does not exist, no permission
            case "50100", "50101", "50102", "50103", "50104", "50105", "50106", "50107", "50110", "50111", "50112",
                 "50113", "50114", "50119", "50120" -> ErrorKind.AUTH;
            // insufficient {ccy} balance, insufficient margin, available balance is 0, insufficient balance
            case "51008", "51119", "51127", "51131" -> ErrorKind.INSUFFICIENT_BALANCE;
            // below the minimum order amount, not a multiple of the lot size, size above the tier limit,
            // market order value/amount above the maximum, order amount above the limit, price outside the price band
            case "51020", "51121", "51004", "51201", "51202", "51203", "51006", "51137", "51138" -> ErrorKind.PRECISION;
            case "51000" -> parameterError(message); // "Parameter sz error": too many decimals
            case "51001", "51015" -> ErrorKind.UNKNOWN_SYMBOL; // instrument does not exist / does not match the type
            // order does not exist; cancellation failed: filled, cancelled or unknown / already cancelled / already
            // completed / being cancelled
            case "51603", "51400", "51401", "51402", "51410" -> ErrorKind.UNKNOWN_ORDER;
            default -> ErrorKind.REJECTED; // 51016 duplicated clOrdId, 50007 account blocked, 50027 restricted, …
        };
    }

    private static ErrorKind parameterError(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains(" sz") || m.contains(" px") ? ErrorKind.PRECISION : ErrorKind.REJECTED;
    }

    /**
     * The error in an OKX body, or null when it is none. A rate-limit code that came with HTTP 200
     * pauses the throttle here (the HTTP client does so for a 429 itself).
     */
    static ExchangeException read(int status, JsonNode body, RequestThrottle throttle) {
        JsonNode codeNode = body.get("code");
        if (codeNode == null || codeNode.isNull()) {
            return null;
        }
        String code = codeNode.asString();
        if (code.isEmpty() || "0".equals(code)) {
            return null;
        }
        String message = body.path("msg").asString("");
        JsonNode first = body.path("data").path(0);
        String sCode = first.path("sCode").asString("");
        if (!sCode.isEmpty() && !"0".equals(sCode)) {
            code = sCode;
            message = first.path("sMsg").asString(message);
        }
        if (message.isBlank()) {
            message = "OKX error " + code;
        }
        ErrorKind kind = kind(code, message);
        if (kind == ErrorKind.RATE_LIMITED && status != 429) {
            throttle.backOff(RATE_LIMIT_PAUSE);
        }
        return new ExchangeException(kind, code, message);
    }
}
