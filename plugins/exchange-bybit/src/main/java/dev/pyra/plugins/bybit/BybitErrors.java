package dev.pyra.plugins.bybit;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.connector.RequestThrottle;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Bybit's v5 error codes as engine errors (docs: "Error Codes", v5, general and Spot Trade
 * sections). Bybit answers most errors with HTTP 200 and {@code retCode != 0}; the code and
 * {@code retMsg} are kept for the log, the kind decides what the host does. Its rate-limit answer
 * ({@code retCode} 10006, HTTP 200) carries {@code X-Bapi-Limit-Reset-Timestamp}: the throttle
 * holds every request until then.
 */
final class BybitErrors {
    /** When Bybit's rate-limit answer names no reset time: its API limits count per second. */
    static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(1);

    private BybitErrors() {}

    static ErrorKind kind(int code) {
        return switch (code) {
            case 10006, 10018, 170005, 170222 -> ErrorKind.RATE_LIMITED;
            // "Server Timeout", order creation/cancellation timeout: the order may exist
            case 10000, 170007, 170146, 170147 -> ErrorKind.TIMEOUT;
            // server error, service restarting, network error, request time outside recvWindow
            case 10002, 10016, 10019, 170001, 170032, 170191, 170234 -> ErrorKind.VENUE_UNAVAILABLE;
            // "high server load, please retry"
            case 429 -> ErrorKind.VENUE_UNAVAILABLE;
            // invalid key, signature, permissions, authentication, IP ban, unbound IP, expired key
            case 10003, 10004, 10005, 10007, 10009, 10010, -2015, 33004 -> ErrorKind.AUTH;
            case 170131, 170033, 110007 -> ErrorKind.INSUFFICIENT_BALANCE;
            // price and quantity limits, too many decimals, order value below the minimum
            case 170019, 170124, 170132, 170133, 170134, 170135, 170136, 170137, 170140, 170148, 170192, 170193,
                    170194, 170197, 170198, 110003 -> ErrorKind.PRECISION;
            case 170121, 170221, 10029 -> ErrorKind.UNKNOWN_SYMBOL;
            case 110001, 170213 -> ErrorKind.UNKNOWN_ORDER;
            default -> ErrorKind.REJECTED; // 10001 parameter error, 170141 duplicate orderLinkId, 170142 cancelled, …
        };
    }

    /**
     * Reads Bybit's envelope {@code {"retCode":170131,"retMsg":"Insufficient balance.",…}}; null
     * when {@code retCode} is 0 or absent. A rate-limit code pauses the throttle until the reset
     * time in {@code headers} (the same response's).
     */
    static ExchangeException read(JsonNode body, HttpHeaders headers, RequestThrottle throttle, Clock clock) {
        JsonNode code = body.get("retCode");
        if (code == null || !code.isNumber() || code.asInt() == 0) {
            return null;
        }
        String message = body.path("retMsg").asString("");
        ErrorKind kind = kind(code.asInt());
        if (kind == ErrorKind.RATE_LIMITED) {
            Duration pause = resetIn(headers, clock);
            throttle.backOff(pause);
            message = message + "; pausing " + pause.toMillis() + " ms";
        }
        return new ExchangeException(kind, Integer.toString(code.asInt()), message.isBlank() ? "retCode " + code.asInt() : message);
    }

    /** {@code X-Bapi-Limit-Reset-Timestamp} (epoch ms) from now, else {@link #DEFAULT_BACK_OFF}. */
    static Duration resetIn(HttpHeaders headers, Clock clock) {
        if (headers == null) {
            return DEFAULT_BACK_OFF;
        }
        return headers.firstValue("X-Bapi-Limit-Reset-Timestamp").map(value -> {
            try {
                long millis = Long.parseLong(value.trim()) - clock.millis();
                return millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO;
            } catch (NumberFormatException e) {
                return DEFAULT_BACK_OFF;
            }
        }).orElse(DEFAULT_BACK_OFF);
    }
}
