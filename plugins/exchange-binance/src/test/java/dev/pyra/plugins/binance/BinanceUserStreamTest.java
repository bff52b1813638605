package dev.pyra.plugins.binance;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.connector.Signing;
import dev.pyra.testkit.RecordingContext;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Order updates over Binance's WebSocket API, against a stand-in server speaking its messages. */
class BinanceUserStreamTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "stream-key-0123456789";
    private static final String SECRET = "stream-secret-not-in-logs";
    private static final String TRADE = """
            {"subscriptionId":0,"event":{"e":"executionReport","E":1763975500123,"s":"BTCUSDT","c":"pyra-3-0-1-b","S":"BUY","o":"LIMIT",
             "f":"GTC","q":"0.00120000","p":"90000.00000000","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"TRADE",
             "X":"PARTIALLY_FILLED","r":"NONE","i":52872001234,"l":"0.00050000","z":"0.00050000","L":"90000.00000000","n":"0.00000050",
             "N":"BTC","T":1763975500120,"t":5301449001,"v":3,"I":9931125,"w":false,"m":true,"M":true,"O":1763975470113,
             "Z":"45.00000000","Y":"45.00000000","Q":"0.00000000","W":1763975470113,"V":"EXPIRE_MAKER"}}""";

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<WsContext> sessions = new CopyOnWriteArrayList<>();
    private final RecordingContext context = new RecordingContext();
    private final List<OrderReport> published = context.published();
    private volatile boolean answers = true;
    private Javalin server;
    private final WireMockServer rest = new WireMockServer(options().dynamicPort());
    private ExchangeConnector connector;

    @BeforeEach
    void start() {
        rest.start();
        rest.stubFor(get(urlPathEqualTo("/api/v3/exchangeInfo")).willReturn(okJson(body("../exchangeInfo.json"))));
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.ws("/ws-api/v3", ws -> {
                ws.onConnect(sessions::add);
                ws.onMessage(ctx -> {
                    JsonNode request = JSON.readTree(ctx.message());
                    requests.add(request);
                    if (answers) {
                        ctx.send("{\"id\":\"" + request.get("id").asString() + "\",\"status\":200,\"result\":{\"subscriptionId\":0}}");
                    }
                });
            });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        server.stop();
        rest.stop();
    }

    private void connect(int silenceSeconds) {
        connect(silenceSeconds, server.port());
    }

    private void connect(int silenceSeconds, int streamPort) {
        connector = new BinanceConnectorFactory().create(new ConnectorConfig("binance", Map.of(
                "baseUrl", rest.baseUrl(), "streamUrl", "ws://127.0.0.1:" + streamPort + "/ws-api/v3",
                "apiKey", KEY, "apiSecret", SECRET, "streamSilenceSeconds", silenceSeconds)), context);
    }

    @Test
    void subscribesWithASignedRequestAndHandsOnEachTradeThenTheFinishedOrderWithAllItsFills() {
        connect(30);
        await().atMost(Duration.ofSeconds(5)).until(() -> context.resyncs() == 1);
        JsonNode subscribe = requests.getFirst();
        assertThat(subscribe.get("method").asString()).isEqualTo("userDataStream.subscribe.signature");
        JsonNode params = subscribe.get("params");
        assertThat(params.get("apiKey").asString()).isEqualTo(KEY);
        assertThat(params.get("signature").asString())
                .isEqualTo(Signing.hmacSha256Hex(SECRET, "apiKey=" + KEY + "&timestamp=" + params.get("timestamp").asLong()));
        assertThat(connector.capabilities()).contains(Capability.ORDER_UPDATES);
        assertThat(connector.condition()).as("subscribed: nothing to report").isEmpty();

        sessions.getFirst().send(TRADE);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        OrderReport partial = published.getFirst();
        assertThat(partial.clientOrderId()).isEqualTo("pyra-3-0-1-b");
        assertThat(partial.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(partial.executedQuantity()).isEqualByComparingTo("0.0005");
        assertThat(partial.fills()).singleElement().satisfies(fill -> {
            assertThat(fill.tradeId()).isEqualTo("5301449001");
            assertThat(fill.price()).isEqualByComparingTo("90000");
            assertThat(fill.quantity()).isEqualByComparingTo("0.0005");
            assertThat(fill.commission()).isEqualByComparingTo("0.0000005");
            assertThat(fill.commissionAsset()).isEqualTo("BTC");
        });

        // the order finishes: the connector asks REST, so the report has both fills even if a push was missed
        rest.stubFor(get(urlPathEqualTo("/api/v3/order")).withQueryParam("origClientOrderId", equalTo("pyra-3-0-1-b"))
                .willReturn(okJson(body("order-query-filled.json").replace("pyra-7-0-0-e", "pyra-3-0-1-b")
                        .replace("52871936215", "52872001234"))));
        rest.stubFor(get(urlPathEqualTo("/api/v3/myTrades")).withQueryParam("orderId", equalTo("52872001234"))
                .willReturn(okJson(body("my-trades.json"))));
        sessions.getFirst().send(TRADE.replace("\"X\":\"PARTIALLY_FILLED\"", "\"X\":\"FILLED\"").replace("\"z\":\"0.00050000\"", "\"z\":\"0.00120000\""));
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
        OrderReport done = published.get(1);
        assertThat(done.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(done.fills()).hasSize(2);
        assertThat(done.executedQuantity()).isEqualByComparingTo("0.0012");
    }

    @Test
    void aDroppedStreamIsOpenedAgainAndTheHostReSyncs() {
        connect(30);
        await().atMost(Duration.ofSeconds(5)).until(() -> context.resyncs() == 1);
        sessions.getFirst().closeSession(); // Binance drops every connection after 24 h
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() == 2 && context.resyncs() == 2);
        assertThat(requests.get(1).get("method").asString()).isEqualTo("userDataStream.subscribe.signature");
    }

    @Test
    void aStreamThatCannotConnectIsShownAsDownWithItsNextTry() {
        int port = server.port();
        server.stop(); // nothing listens there any more: every connection is refused
        connect(30, port);
        await().atMost(Duration.ofSeconds(5)).until(() -> connector.condition().filter(c -> c.contains("cannot connect")).isPresent());
        assertThat(connector.condition().orElseThrow()).startsWith("order stream down since ").contains(" UTC: cannot connect (ConnectException)")
                .contains("next try in");
        assertThat(context.resyncs()).isZero();
    }

    @Test
    void aSilentStreamIsTreatedAsDropped() {
        answers = false; // no answer, no ping: the watchdog notices
        connect(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 2);
        assertThat(context.resyncs()).isZero();
    }

    @Test
    void withoutAKeyOrWithTheStreamOffOrdersArePolled() {
        ExchangeConnector polled = new BinanceConnectorFactory().create(new ConnectorConfig("binance", Map.of(
                "streamUrl", "ws://127.0.0.1:" + server.port() + "/ws-api/v3", "apiKey", KEY, "apiSecret", SECRET, "userStream", false)),
                context);
        try {
            assertThat(polled.capabilities()).doesNotContain(Capability.ORDER_UPDATES);
            assertThat(requests).isEmpty();
        } finally {
            polled.close();
        }
    }

    private static String body(String name) {
        try (InputStream in = BinanceUserStreamTest.class.getResourceAsStream("/binance/stubs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
