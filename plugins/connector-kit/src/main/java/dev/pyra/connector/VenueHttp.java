package dev.pyra.connector;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP to one venue, on the JDK client. Every failure comes out typed: a timeout is
 * {@link ErrorKind#TIMEOUT} (the request may have arrived), a refused connection
 * {@link ErrorKind#VENUE_UNAVAILABLE}, 429/418 {@link ErrorKind#RATE_LIMITED} after telling the
 * throttle to pause for the venue's {@code Retry-After}, and the venue's own error bodies whatever
 * its {@link ErrorReader} makes of them, code and message kept.
 */
public final class VenueHttp implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads a venue's error out of a response (some venues answer errors with HTTP 200); null when it is none. */
    @FunctionalInterface
    public interface ErrorReader {
        ExchangeException read(int status, JsonNode body);
    }

    private final String venue;
    private final String baseUrl;
    private final Duration timeout;
    private final RequestThrottle throttle;
    private final ErrorReader errors;
    private final HttpClient client;
    private volatile Consumer<HttpHeaders> headerWatcher = headers -> {};
    private volatile java.util.function.Function<HttpHeaders, java.util.Optional<Duration>> resetReader = headers -> java.util.Optional.empty();
    private volatile java.util.function.Predicate<JsonNode> answers = body -> !body.isNull();

    public VenueHttp(String venue, String baseUrl, Duration timeout, RequestThrottle throttle, ErrorReader errors) {
        this.venue = venue;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.throttle = throttle;
        this.errors = errors;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Sees every response's headers (a venue's used-weight counters). */
    public void watchHeaders(Consumer<HttpHeaders> watcher) {
        this.headerWatcher = watcher;
    }

    /**
     * Where the venue says when its limit resets, for a 429 without {@code Retry-After} (KuCoin's
     * {@code gw-ratelimit-reset}, Bybit's {@code X-Bapi-Limit-Reset-Timestamp}); else a default pause.
     */
    public void readResetFrom(java.util.function.Function<HttpHeaders, java.util.Optional<Duration>> reader) {
        this.resetReader = reader;
    }

    /**
     * How to tell the venue's own answer from valid JSON that is not one ({@code {}}, {@code []},
     * {@code null} from a proxy or a gateway mid-deploy), e.g. "it has the envelope's {@code code}".
     * A 2xx body it refuses is a transient error, never an acknowledgement: the request may have been
     * carried out, so the host asks about the order again. Without it only a bare {@code null} is refused.
     */
    public void recognise(java.util.function.Predicate<JsonNode> isAnswer) {
        this.answers = body -> !body.isNull() && isAnswer.test(body);
    }

    /**
     * The answer about an order, when it has every field the connector reads; else a transient error:
     * {@code {}} or {@code []} where an order was due may mean it was carried out, so it is asked
     * about again, never taken as acknowledged, refused or unknown.
     */
    public JsonNode expect(JsonNode answer, String what, String... fields) {
        boolean complete = answer != null && answer.isObject();
        for (int i = 0; complete && i < fields.length; i++) {
            complete = answer.hasNonNull(fields[i]);
        }
        if (!complete) {
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "unreadable", venue + "'s answer to " + what
                    + " lacks " + String.join(", ", fields) + ": " + abbreviate(answer == null ? "" : answer.toString()));
        }
        return answer;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public RequestThrottle throttle() {
        return throttle;
    }

    public static JsonMapper json() {
        return JSON;
    }

    public JsonNode get(String pathAndQuery, Map<String, String> headers, int weight) {
        return send("GET", pathAndQuery, null, headers, weight, false);
    }

    /**
     * @param body JSON or form text, or null
     * @param placesOrder counts against the venue's order-rate limits
     */
    public JsonNode send(String method, String pathAndQuery, String body, Map<String, String> headers, int weight, boolean placesOrder) {
        throttle.acquire(weight, placesOrder);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ExchangeException(ErrorKind.TIMEOUT, "timeout", venue + " did not answer " + method + " " + path(pathAndQuery)
                    + " within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            // the JDK's ConnectException often has no message: say where, and what it most likely was
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "connect", "cannot reach " + venue + " at " + baseUrl + " ("
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "io", venue + " connection failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "interrupted", "interrupted while calling " + venue, e);
        }
        headerWatcher.accept(response.headers());
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status == 429 || status == 418) {
            Duration pause = retryAfter(response.headers()).or(() -> resetReader.apply(response.headers()))
                    .orElse(status == 418 ? Duration.ofMinutes(2) : Duration.ofSeconds(10));
            throttle.backOff(pause);
            ExchangeException said = json == null ? null : errors.read(status, json);
            throw new ExchangeException(ErrorKind.RATE_LIMITED, said == null ? Integer.toString(status) : said.venueCode(),
                    (said == null ? "HTTP " + status : said.venueMessage()) + "; pausing " + pause.toSeconds() + " s", said);
        }
        ExchangeException error = json == null ? null : errors.read(status, json);
        if (status >= 500) {
            // the venue's own trouble: what happened to the request is unknown, so it is never a refusal
            throw error == null
                    ? new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, Integer.toString(status), venue + " answered HTTP " + status)
                    : error.kind().isTransient() ? error
                    : new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, error.venueCode(), error.venueMessage() + " (HTTP " + status + ")", error);
        }
        if (error != null) {
            throw error;
        }
        if (json == null && status < 300) {
            // a cut-off body or a proxy's page: the request may have been carried out
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, Integer.toString(status), venue + " answered HTTP " + status
                    + " with a body that is not JSON");
        }
        if (json != null && status < 300 && !answers.test(json)) {
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, Integer.toString(status), venue + " answered HTTP " + status
                    + " with JSON that is not its answer: " + abbreviate(response.body()));
        }
        if (status >= 400 || json == null) {
            throw new ExchangeException(ErrorKind.REJECTED, Integer.toString(status), venue + " answered HTTP " + status + ": "
                    + abbreviate(response.body()));
        }
        return json;
    }

    @Override
    public void close() {
        client.close();
    }

    private static java.util.Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(value -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The path without its query: queries carry signatures and keys, never logged. */
    private static String path(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
