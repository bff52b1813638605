package dev.pyra.plugins.gateio;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.connector.RequestThrottle;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchange.gateio.dto.GateioException;
import si.mazi.rescu.HttpStatusIOException;
import tools.jackson.databind.JsonNode;

/**
 * Gate.io's error labels as engine errors (docs: Gate API v4, "Error handling" / label list). Gate
 * answers errors with HTTP 4xx/5xx and {@code {"label": "...", "message": "..."}}; the label is kept
 * as the venue code, the message for the log; the kind decides what the host does.
 */
final class GateioErrors {
    /** Gate's order-placing limit counts per second, its other private limits per 10 s. */
    static final Duration ORDER_WINDOW = Duration.ofSeconds(1);
    static final Duration PRIVATE_WINDOW = Duration.ofSeconds(10);

    private GateioErrors() {}

    static ErrorKind kind(String label) {
        return switch (label == null ? "" : label) {
            case "TOO_MANY_REQUESTS" -> ErrorKind.RATE_LIMITED;
            case "SERVER_ERROR", "INTERNAL", "TOO_BUSY" -> ErrorKind.VENUE_UNAVAILABLE;
            case "BALANCE_NOT_ENOUGH", "MARGIN_BALANCE_NOT_ENOUGH" -> ErrorKind.INSUFFICIENT_BALANCE;
            // lot, tick and notional failures (Gate reports a too small order value as INVALID_PARAM_VALUE)
            case "INVALID_PRECISION", "INVALID_PARAM_VALUE", "AMOUNT_TOO_LITTLE", "AMOUNT_TOO_MUCH", "QUANTITY_NOT_ENOUGH" -> ErrorKind.PRECISION;
            case "INVALID_CURRENCY_PAIR", "INVALID_CURRENCY" -> ErrorKind.UNKNOWN_SYMBOL;
            case "ORDER_NOT_FOUND" -> ErrorKind.UNKNOWN_ORDER;
            case "INVALID_KEY", "INVALID_SIGNATURE", "INVALID_CREDENTIALS", "MISSING_REQUIRED_HEADER", "REQUEST_EXPIRED",
                 "IP_FORBIDDEN", "READ_ONLY", "FORBIDDEN", "ACCOUNT_LOCKED", "UNAUTHORIZED" -> ErrorKind.AUTH;
            // ORDER_CLOSED, ORDER_CANCELLED, POC_FILL_IMMEDIATELY, FOK_NOT_FILL, TRADE_RESTRICTED, TOO_MANY_ORDERS, ...
            default -> ErrorKind.REJECTED;
        };
    }

    /** For the JDK client's calls: Gate's {@code {"label":"INVALID_CURRENCY_PAIR","message":"..."}} on a 4xx/5xx. */
    static ExchangeException read(int status, JsonNode body) {
        JsonNode label = body.get("label");
        if (status < 400 || label == null || !label.isString() || label.asString().isBlank()) {
            return null;
        }
        String message = body.path("message").asString(body.path("detail").asString(""));
        return new ExchangeException(kind(label.asString()), label.asString(), message.isBlank() ? label.asString() : message);
    }

    /**
     * For XChange's signed calls: its exceptions, typed. XChange's {@link GateioException} keeps the
     * label and message but not the HTTP headers, so a {@code TOO_MANY_REQUESTS} there pauses the
     * throttle until Gate's window has rolled over (1 s for orders, 10 s otherwise).
     */
    static ExchangeException from(Exception failure, RequestThrottle throttle, boolean placesOrder) {
        return switch (failure) {
            case GateioException e -> {
                String label = e.getLabel() == null || e.getLabel().isBlank() ? "UNKNOWN" : e.getLabel();
                String message = e.getMessage() == null || e.getMessage().isBlank() ? label : e.getMessage();
                ErrorKind kind = kind(label);
                if (kind == ErrorKind.RATE_LIMITED) {
                    Duration pause = placesOrder ? ORDER_WINDOW : PRIVATE_WINDOW;
                    throttle.backOff(pause);
                    yield new ExchangeException(kind, label, message + "; pausing " + pause.toMillis() + " ms", e);
                }
                yield new ExchangeException(kind, label, message, e);
            }
            case HttpStatusIOException e -> {
                int status = e.getHttpStatusCode();
                if (status == 429 || status == 418) {
                    // 418: banned for a while; sending through a ban lengthens it
                    Duration pause = retryAfter(e.getResponseHeaders()).or(() -> resetIn(e.getResponseHeaders()))
                            .orElse(status == 418 ? Duration.ofMinutes(2) : placesOrder ? ORDER_WINDOW : PRIVATE_WINDOW);
                    throttle.backOff(pause);
                    yield new ExchangeException(ErrorKind.RATE_LIMITED, Integer.toString(status),
                            "HTTP " + status + "; pausing " + pause.toMillis() + " ms", e);
                }
                // a 2xx rescu could not read ([] where an order was due) may have been carried out: never a refusal
                yield new ExchangeException(status >= 500 || status < 300 ? ErrorKind.VENUE_UNAVAILABLE : ErrorKind.REJECTED,
                        Integer.toString(status), "Gate.io answered HTTP " + status + (status < 300 ? " that could not be read" : ""), e);
            }
            case SocketTimeoutException e -> new ExchangeException(ErrorKind.TIMEOUT, "timeout", "Gate.io did not answer in time", e);
            case HttpTimeoutException e -> new ExchangeException(ErrorKind.TIMEOUT, "timeout", "Gate.io did not answer in time", e);
            case ConnectException e -> new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "connect", "cannot reach Gate.io (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", e);
            case IOException e -> new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "io", "Gate.io connection failed: " + e.getMessage(), e);
            case ExchangeException e -> e;
            default -> cause(failure).map(io -> from(io, throttle, placesOrder))
                    .orElseGet(() -> new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "client",
                            "Gate.io call failed: " + failure.getClass().getSimpleName(), failure));
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
        return header(headers, "Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Gate's {@code X-Gate-RateLimit-Reset-Timestamp} (ms, or s), as the time left until then; at most a minute. */
    static Optional<Duration> resetIn(Map<String, List<String>> headers) {
        return header(headers, "X-Gate-RateLimit-Reset-Timestamp").or(() -> header(headers, "X-Gat-RateLimit-Reset-Timestamp"))
                .flatMap(GateioErrors::untilReset);
    }

    static Optional<Duration> untilReset(String value) {
        try {
            long stamp = Long.parseLong(value.trim());
            Instant reset = stamp > 100_000_000_000L ? Instant.ofEpochMilli(stamp) : Instant.ofEpochSecond(stamp);
            Duration wait = Duration.between(Instant.now(), reset);
            return wait.isPositive() && wait.compareTo(Duration.ofMinutes(1)) <= 0 ? Optional.of(wait) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream().filter(h -> name.equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty())
                .findFirst().map(h -> h.getValue().getFirst());
    }
}
