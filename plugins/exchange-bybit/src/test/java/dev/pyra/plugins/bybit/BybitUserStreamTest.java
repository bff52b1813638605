package dev.pyra.plugins.bybit;

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

/** Order updates over Bybit's private v5 stream, against a stand-in server speaking its messages. */
class BybitUserStreamTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "bybit-stream-key-0123";
    private static final String SECRET = "bybit-stream-secret-not-in-logs";
    private static final String EXECUTION = """
            {"id":"592324803b2785-26fa-4214-9963-bdd4727f07be","topic":"execution.spot","creationTime":1763975412871,"data":[
             {"category":"spot","symbol":"BTCUSDT","execFee":"0.0000007","execId":"2100000000074385201","execPrice":"91234.56",
              "execQty":"0.0007","execType":"Trade","execValue":"63.864192","isMaker":false,"feeRate":"0.001","tradeIv":"","markIv":"",
              "blockTradeId":"","markPrice":"","indexPrice":"","underlyingPrice":"","leavesQty":"0.0005","orderId":"2084519467738627840",
              "orderLinkId":"pyra-7-0-0-e","orderPrice":"0","orderQty":"0.0012","orderType":"Market","stopOrderType":"","side":"Buy",
              "execTime":"1763975412871","isLeverage":"0","closedSize":"","seq":4688002127,"feeCurrency":"BTC"}]}""";
    private static final String ORDER_FILLED = """
            {"id":"5923240c6880ab-c59f-420b-9adb-3639adc9dd90","topic":"order.spot","creationTime":1763975412873,"data":[
             {"category":"spot","symbol":"BTCUSDT","orderId":"2084519467738627840","side":"Buy","orderType":"Market","cancelType":"UNKNOWN",
              "price":"0","qty":"0.0012","orderIv":"","timeInForce":"IOC","orderStatus":"Filled","orderLinkId":"pyra-7-0-0-e",
              "lastPriceOnCreated":"91234.55","reduceOnly":false,"leavesQty":"0","leavesValue":"0","cumExecQty":"0.0012",
              "cumExecValue":"109.481457","avgPrice":"91234.5475","blockTradeId":"","positionIdx":0,"cumExecFee":"0.0000012",
              "createdTime":"1763975412869","updatedTime":"1763975412871","rejectReason":"EC_NoError","stopOrderType":"",
              "tpslMode":"","triggerPrice":"0","takeProfit":"0","stopLoss":"0","tpTriggerBy":"","slTriggerBy":"","tpLimitPrice":"0",
              "slLimitPrice":"0","triggerDirection":0,"triggerBy":"","closeOnTrigger":false,"placeType":"","smpType":"None",
              "smpGroup":0,"smpOrderId":"","feeCurrency":"BTC","marketUnit":"baseCoin"}]}""";

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<WsContext> sessions = new CopyOnWriteArrayList<>();
    private final RecordingContext context = new RecordingContext();
    private final List<OrderReport> published = context.published();
    private volatile boolean loginAccepted = true;
    private Javalin server;
    private final WireMockServer rest = new WireMockServer(options().dynamicPort());
    private ExchangeConnector connector;

    @BeforeEach
    void start() {
        rest.start();
        rest.stubFor(get(urlPathEqualTo("/v5/market/instruments-info")).willReturn(okJson(body("../instruments-info-spot.json"))));
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.ws("/v5/private", ws -> {
                ws.onConnect(sessions::add);
                ws.onMessage(ctx -> {
                    JsonNode request = JSON.readTree(ctx.message());
                    requests.add(request);
                    String op = request.get("op").asString();
                    switch (op) {
                        case "auth" -> ctx.send("{\"success\":" + loginAccepted + ",\"ret_msg\":\"" + (loginAccepted ? "" : "Params Error")
                                + "\",\"op\":\"auth\",\"conn_id\":\"cejreaspqfh3sjdnldmg-p\"}");
                        case "subscribe" -> ctx.send("{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\",\"conn_id\":\"cejreaspqfh3sjdnldmg-p\"}");
                        case "ping" -> ctx.send("{\"req_id\":\"\",\"op\":\"pong\",\"args\":[\"1763975412871\"],\"conn_id\":\"cejreaspqfh3sjdnldmg-p\"}");
                        default -> {}
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

    private void connect() {
        connector = new BybitConnectorFactory().create(new ConnectorConfig("bybit", Map.of(
                "baseUrl", rest.baseUrl(), "streamUrl", "ws://127.0.0.1:" + server.port() + "/v5/private",
                "apiKey", KEY, "apiSecret", SECRET, "streamSilenceSeconds", 30)), context);
    }

    @Test
    void logsInWithASignedRequestSubscribesAndHandsOnEachTradeThenTheFinishedOrder() {
        connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> context.resyncs() == 1);
        JsonNode auth = requests.get(0);
        assertThat(auth.get("op").asString()).isEqualTo("auth");
        long expires = auth.get("args").get(1).asLong();
        assertThat(auth.get("args").get(0).asString()).isEqualTo(KEY);
        assertThat(auth.get("args").get(2).asString()).isEqualTo(Signing.hmacSha256Hex(SECRET, "GET/realtime" + expires));
        assertThat(requests.get(1).get("args").toString()).contains("order.spot", "execution.spot");
        assertThat(connector.capabilities()).contains(Capability.ORDER_UPDATES);

        sessions.getFirst().send(EXECUTION);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        OrderReport partial = published.getFirst();
        assertThat(partial.clientOrderId()).isEqualTo("pyra-7-0-0-e");
        assertThat(partial.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(partial.executedQuantity()).isEqualByComparingTo("0.0007");
        assertThat(partial.fills()).singleElement().satisfies(fill -> {
            assertThat(fill.tradeId()).isEqualTo("2100000000074385201");
            assertThat(fill.price()).isEqualByComparingTo("91234.56");
            assertThat(fill.commission()).isEqualByComparingTo("0.0000007");
            assertThat(fill.commissionAsset()).isEqualTo("BTC");
        });

        // the order finishes: the connector asks REST, so the report has both fills even if a push was missed
        rest.stubFor(get(urlPathEqualTo("/v5/order/realtime")).withQueryParam("orderLinkId", equalTo("pyra-7-0-0-e"))
                .willReturn(okJson(body("order-realtime-market-filled.json"))));
        rest.stubFor(get(urlPathEqualTo("/v5/execution/list")).withQueryParam("orderId", equalTo("2084519467738627840"))
                .willReturn(okJson(body("execution-list-market.json"))));
        sessions.getFirst().send(ORDER_FILLED);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
        OrderReport done = published.get(1);
        assertThat(done.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(done.fills()).hasSize(2);
        assertThat(done.executedQuantity()).isEqualByComparingTo("0.0012");
    }

    @Test
    void aDroppedStreamIsOpenedAgainAndTheHostReSyncs() {
        connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> context.resyncs() == 1);
        sessions.getFirst().closeSession();
        await().atMost(Duration.ofSeconds(10)).until(() -> context.resyncs() == 2);
        assertThat(requests).filteredOn(r -> r.get("op").asString().equals("auth")).hasSize(2);
    }

    @Test
    void aRefusedLoginIsRetriedLaterAndNothingIsSubscribed() {
        loginAccepted = false;
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream().filter(r -> r.get("op").asString().equals("auth")).count() >= 2);
        assertThat(context.resyncs()).isZero();
    }

    private static String body(String name) {
        try (InputStream in = BybitUserStreamTest.class.getResourceAsStream("/bybit/stubs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
