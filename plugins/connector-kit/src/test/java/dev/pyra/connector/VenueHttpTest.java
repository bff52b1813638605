package dev.pyra.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a venue's answer means when the venue is in trouble: never a refusal. */
class VenueHttpTest {
    private HttpServer server;
    private VenueHttp http;
    private volatile int status;
    private volatile String body;
    private volatile String retryAfter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        RequestThrottle throttle = new RequestThrottle("venue", List.of(new RequestThrottle.Limit("w", 100, Duration.ofMinutes(1))), List.of());
        // the venue's reader calls every coded body a refusal, as a venue's code table would for an unlisted code
        http = new VenueHttp("venue", "http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(2), throttle,
                (code, json) -> json.has("code") ? new ExchangeException(ErrorKind.REJECTED, json.get("code").asString(), "refused") : null);
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private ExchangeException failure() {
        try {
            http.send("POST", "/order", "{}", Map.of(), 1, true);
        } catch (ExchangeException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    @Test
    void aServerErrorIsTransientWhateverCodeTheBodyCarries() {
        status = 503;
        body = "{\"code\":\"-1099\",\"msg\":\"Not found, unauthenticated, or unauthorized\"}";
        assertThat(failure().kind()).isEqualTo(ErrorKind.VENUE_UNAVAILABLE);
        body = "<html>502 Bad Gateway</html>";
        status = 502;
        assertThat(failure().kind()).isEqualTo(ErrorKind.VENUE_UNAVAILABLE);
    }

    @Test
    void aSuccessWhoseBodyIsNotJsonMayHaveBeenCarriedOut() {
        status = 200;
        body = "{\"symbol\":\"BTCUSDT\",\"orderId\":5287"; // cut off
        assertThat(failure().kind()).isEqualTo(ErrorKind.VENUE_UNAVAILABLE);
    }

    @Test
    void jsonThatIsNotTheVenuesAnswerIsTransientNeverAnAcknowledgement() {
        status = 200;
        body = "null";
        assertThat(failure().kind()).isEqualTo(ErrorKind.VENUE_UNAVAILABLE);
        body = "{}";
        assertThat(http.send("POST", "/order", "{}", Map.of(), 1, true).isObject()).as("without recognise, {} passes").isTrue();

        http.recognise(json -> json.has("retCode"));
        for (String notAnAnswer : List.of("{}", "[]", "null", "{\"result\":{}}")) {
            body = notAnAnswer;
            assertThat(failure().kind()).as(notAnAnswer).isEqualTo(ErrorKind.VENUE_UNAVAILABLE);
        }
        body = "{\"retCode\":0,\"result\":{\"orderId\":\"1\"}}";
        assertThat(http.send("POST", "/order", "{}", Map.of(), 1, true).path("result").path("orderId").asString()).isEqualTo("1");
    }

    @Test
    void anAnswerAboutAnOrderMustCarryEveryFieldReadFromIt() {
        var json = VenueHttp.json();
        assertThat(http.expect(json.readTree("{\"orderId\":7,\"status\":\"NEW\"}"), "a question", "orderId", "status")
                .path("orderId").asLong()).isEqualTo(7);
        for (String partial : List.of("{}", "[]", "{\"orderId\":7}", "{\"orderId\":7,\"status\":null}")) {
            assertThatThrownBy(() -> http.expect(json.readTree(partial), "a question", "orderId", "status")).as(partial)
                    .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VENUE_UNAVAILABLE));
        }
    }

    @Test
    void aRefusalStaysARefusalWithTheVenuesCode() {
        status = 400;
        body = "{\"code\":\"-2010\",\"msg\":\"insufficient balance\"}";
        ExchangeException refused = failure();
        assertThat(refused.kind()).isEqualTo(ErrorKind.REJECTED);
        assertThat(refused.venueCode()).isEqualTo("-2010");
    }

    @Test
    void tooManyRequestsPausesForRetryAfter() {
        status = 429;
        body = "{}";
        retryAfter = "1";
        assertThat(failure().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        status = 200;
        body = "{\"ok\":true}";
        retryAfter = null;
        long started = System.nanoTime();
        assertThat(http.get("/ping", Map.of(), 1).get("ok").asBoolean()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aVenueThatIsNotThereIsTransient() {
        server.stop(0);
        assertThatThrownBy(() -> http.get("/ping", Map.of(), 1)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind().isTransient()).isTrue());
    }
}
