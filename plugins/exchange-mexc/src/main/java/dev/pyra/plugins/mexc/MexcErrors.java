package dev.pyra.plugins.mexc;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.connector.RequestThrottle;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * MEXC spot v3 error bodies ({@code {"code":30004,"msg":"Insufficient position"}}) as engine errors
 * (docs: "Error Code", spot v3). MEXC answers most errors with HTTP 400 but may signal a rate limit
 * with HTTP 200 and code 429/510; then this reader pauses the throttle itself, for the response's
 * {@code Retry-After} when it has one. The code and message are kept for the log.
 */
final class MexcErrors {
    /** Rate-limit pause when MEXC says "too frequent" without a Retry-After. */
    static final Duration DEFAULT_PAUSE = Duration.ofSeconds(10);

    private final RequestThrottle throttle;
    /** The headers of the response being read: VenueHttp shows them before it reads the body, on the same thread. */
    private final ThreadLocal<HttpHeaders> lastHeaders = new ThreadLocal<>();

    MexcErrors(RequestThrottle throttle) {
        this.throttle = throttle;
    }

    void sawHeaders(HttpHeaders headers) {
        lastHeaders.set(headers);
    }

    static ErrorKind kind(int code, String message) {
        String msg = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return switch (code) {
            case 429, 510 -> ErrorKind.RATE_LIMITED; // "Too Many Requests", "Excessive frequency of requests"
            case 500, 503, 504, 44444 -> ErrorKind.VENUE_UNAVAILABLE; // internal error, unavailable, gateway timeout, unknown error
            case 700003 -> ErrorKind.VENUE_UNAVAILABLE; // timestamp outside recvWindow: clock drift, retryable
            case 401, 403, 602, 10072, 10073, 700001, 700002, 700006, 700007 -> ErrorKind.AUTH;
            case 10101, 30004, 30005 -> ErrorKind.INSUFFICIENT_BALANCE; // insufficient balance, insufficient position, oversold
            case 30002, 30003, 30029 -> ErrorKind.PRECISION; // below minimum / above maximum order amount, order limit
            case 10007, 30014, 30021, 730001 -> ErrorKind.UNKNOWN_SYMBOL; // symbol not support api, invalid symbol, pair not found
            case -2011, -2013 -> ErrorKind.UNKNOWN_ORDER; // unknown order sent, order does not exist
            case 400 -> msg.contains("api key") || msg.contains("apikey") ? ErrorKind.AUTH
                    : msg.contains("scale") || msg.contains("precision") || msg.contains("amount") || msg.contains("quantity")
                            || msg.contains("price") ? ErrorKind.PRECISION : ErrorKind.REJECTED;
            default -> ErrorKind.REJECTED; // 26, 30000 suspended, 30001, 30016 disabled, 30018/30019 market orders off, 30027/30032 position caps, 33333, 700004, 700008
        };
    }

    /** The VenueHttp reader: null when the body is no MEXC error. */
    ExchangeException read(int status, JsonNode body) {
        HttpHeaders headers = lastHeaders.get();
        lastHeaders.remove();
        if (!body.isObject()) {
            return null;
        }
        JsonNode code = body.get("code");
        if (code == null || !(code.isNumber() || code.isString())) {
            return null;
        }
        int value;
        try {
            value = code.isNumber() ? code.asInt() : Integer.parseInt(code.asString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (value == 0 || value == 200) {
            return null;
        }
        String message = body.path("msg").asString("");
        if (message.isBlank()) {
            message = "MEXC error " + value + " (HTTP " + status + ")";
        }
        ErrorKind kind = kind(value, message);
        if (kind == ErrorKind.RATE_LIMITED) {
            throttle.backOff(retryAfter(headers).orElse(DEFAULT_PAUSE));
        }
        return new ExchangeException(kind, Integer.toString(value), message);
    }

    private static Optional<Duration> retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
