package dev.pyra.plugins.binance;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.connector.RequestThrottle;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchange.binance.dto.BinanceException;
import si.mazi.rescu.HttpStatusIOException;
import tools.jackson.databind.JsonNode;

/**
 * Binance's error codes as engine errors (docs: "Error Codes for Binance", spot API). The code and
 * message are kept for the log; the kind decides what the host does.
 */
final class BinanceErrors {
    private BinanceErrors() {}

    static ErrorKind kind(int code, String message) {
        return switch (code) {
            case -1003, -1015 -> ErrorKind.RATE_LIMITED;
            case -1007 -> ErrorKind.TIMEOUT; // "Send status unknown; execution status unknown"
            case -1000, -1001, -1006, -1008, -1016, -1021 -> ErrorKind.VENUE_UNAVAILABLE;
            case -1002, -1022, -2014, -2015 -> ErrorKind.AUTH;
            case -1013, -1111, -1112 -> ErrorKind.PRECISION; // filter failures, too much precision
            case -1121 -> ErrorKind.UNKNOWN_SYMBOL;
            case -2011, -2013 -> ErrorKind.UNKNOWN_ORDER;
            case -2010 -> message != null && message.toLowerCase(java.util.Locale.ROOT).contains("insufficient balance")
                    ? ErrorKind.INSUFFICIENT_BALANCE : ErrorKind.REJECTED;
            default -> ErrorKind.REJECTED;
        };
    }

    /** For the JDK client's public calls: Binance's {@code {"code":-1121,"msg":"Invalid symbol."}}. */
    static ExchangeException read(int status, JsonNode body) {
        JsonNode code = body.get("code");
        if (status < 400 || code == null || !code.isNumber() || code.asInt() >= 0) {
            return null;
        }
        String message = body.path("msg").asString("");
        // (a 5xx is made transient by VenueHttp whatever the code says)
        return new ExchangeException(kind(code.asInt(), message), Integer.toString(code.asInt()), message);
    }

    /** For XChange's signed calls: its exceptions, typed; a 429/418 pauses the throttle for Retry-After. */
    static ExchangeException from(Exception failure, RequestThrottle throttle) {
        return switch (failure) {
            case BinanceException e -> {
                int status = e.getHttpStatusCode();
                if (status == 429 || status == 418) {
                    throttle.backOff(retryAfter(e.getResponseHeaders()).orElse(status == 418 ? Duration.ofMinutes(2) : Duration.ofSeconds(10)));
                    yield new ExchangeException(ErrorKind.RATE_LIMITED, Integer.toString(e.getCode()), e.getMessage(), e);
                }
                ErrorKind kind = kind(e.getCode(), e.getMessage());
                // a 5xx means Binance does not know what became of the request: never a refusal
                yield new ExchangeException(status >= 500 && !kind.isTransient() ? ErrorKind.VENUE_UNAVAILABLE : kind,
                        Integer.toString(e.getCode()), e.getMessage(), e);
            }
            case HttpStatusIOException e -> {
                int status = e.getHttpStatusCode();
                if (status == 429 || status == 418) {
                    throttle.backOff(retryAfter(e.getResponseHeaders()).orElse(Duration.ofSeconds(10)));
                    yield new ExchangeException(ErrorKind.RATE_LIMITED, Integer.toString(status), "HTTP " + status, e);
                }
                // a 2xx rescu could not read ([] or {} where an order was due) may have been carried out: never a refusal
                yield new ExchangeException(status >= 500 || status < 300 ? ErrorKind.VENUE_UNAVAILABLE : ErrorKind.REJECTED,
                        Integer.toString(status), status < 300 ? "HTTP " + status + " with an answer that could not be read" : "HTTP " + status, e);
            }
            case SocketTimeoutException e -> new ExchangeException(ErrorKind.TIMEOUT, "timeout", "Binance did not answer in time", e);
            case ConnectException e -> new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "connect", "cannot reach Binance (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", e);
            case IOException e -> new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "io", "Binance connection failed: " + e.getMessage(), e);
            case ExchangeException e -> e;
            default -> cause(failure).map(io -> from(io, throttle))
                    // the class only: a client exception's text may carry the signed request
                    .orElseGet(() -> new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "client",
                            "Binance call failed: " + failure.getClass().getSimpleName(), failure));
        };
    }

    /** rescu wraps some I/O failures in runtime exceptions. */
    private static Optional<IOException> cause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return Optional.of(io);
            }
        }
        return Optional.empty();
    }

    private static Optional<Duration> retryAfter(Map<String, List<String>> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream().filter(h -> "Retry-After".equalsIgnoreCase(h.getKey()) && !h.getValue().isEmpty())
                .findFirst().flatMap(h -> {
                    try {
                        return Optional.of(Duration.ofSeconds(Long.parseLong(h.getValue().getFirst().trim())));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }
}
