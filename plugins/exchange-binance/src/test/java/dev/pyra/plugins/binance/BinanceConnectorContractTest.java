package dev.pyra.plugins.binance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.testkit.ConnectorContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Binance spot against WireMock serving Binance's own response formats. */
class BinanceConnectorContractTest extends ConnectorContract {
    private static final Instant FILLED_AT = Instant.ofEpochMilli(1763975412871L);

    @Override
    protected ExchangeConnectorFactory factory() {
        return new BinanceConnectorFactory();
    }

    @Override
    protected String symbol() {
        return "BTCUSDT";
    }

    @Override
    protected SymbolRules stubRules() {
        venue.stubFor(get(urlPathEqualTo("/api/v3/exchangeInfo")).willReturn(okJson(body("../exchangeInfo.json"))
                .withHeader("X-MBX-USED-WEIGHT-1M", "20")));
        return SymbolRules.builder("BTCUSDT", "BTC", "USDT").trading(true)
                .tickSize(new BigDecimal("0.01")).priceRange(new BigDecimal("0.01"), new BigDecimal("1000000"))
                .stepSize(new BigDecimal("0.00001")).quantityRange(new BigDecimal("0.00001"), new BigDecimal("9000"))
                .marketQuantityRange(null, new BigDecimal("83.14872618"))
                .notionalRange(new BigDecimal("5"), new BigDecimal("9000000")).minNotionalAppliesToMarket(true)
                .build();
    }

    @Override
    protected List<Balance> stubBalances() {
        venue.stubFor(get(urlPathEqualTo("/api/v3/account")).withHeader("X-MBX-APIKEY", equalTo(API_KEY))
                .willReturn(okJson(body("account.json"))));
        // BNB is listed at zero: an empty balance is not reported
        return List.of(new Balance("BTC", new BigDecimal("0.01234"), new BigDecimal("0.0012")),
                new Balance("USDT", new BigDecimal("2480.517362"), new BigDecimal("72")));
    }

    @Override
    protected BigDecimal stubLastPrice() {
        venue.stubFor(get(urlPathEqualTo("/api/v3/ticker/price")).withQueryParam("symbols", equalTo("[\"BTCUSDT\"]"))
                .willReturn(okJson(body("ticker-price.json"))));
        return new BigDecimal("91234.56");
    }

    @Override
    protected OrderReport stubMarketBuyFilled(OrderRequest request) {
        stubPlacement(request, okJson(marketFilled(request.clientOrderId())));
        stubQuery(request.clientOrderId(), body("order-query-filled.json").replace("pyra-7-0-0-e", request.clientOrderId()));
        venue.stubFor(get(urlPathEqualTo("/api/v3/myTrades")).withQueryParam("orderId", equalTo("52871936215"))
                .willReturn(okJson(body("my-trades.json"))));
        return filled(request.clientOrderId());
    }

    @Override
    protected OrderReport stubLimitBuyResting(OrderRequest request) {
        stubPlacement(request, okJson(body("order-limit-new.json")));
        stubQuery(request.clientOrderId(), body("order-query-new.json"));
        return new OrderReport(request.clientOrderId(), "52871990042", "BTCUSDT", Side.BUY, OrderType.LIMIT, OrderStatus.NEW,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975470113L));
    }

    @Override
    protected OrderReport stubCancelled(OrderRequest restingLimit) {
        venue.stubFor(delete(urlPathEqualTo("/api/v3/order")).withQueryParam("origClientOrderId", equalTo(restingLimit.clientOrderId()))
                .willReturn(okJson(body("order-cancel.json"))));
        stubQuery(restingLimit.clientOrderId(), body("order-query-canceled.json"));
        return new OrderReport(restingLimit.clientOrderId(), "52871990042", "BTCUSDT", Side.BUY, OrderType.LIMIT, OrderStatus.CANCELED,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975470113L));
    }

    @Override
    protected OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay) {
        stubPlacement(request, okJson(marketFilled(request.clientOrderId())).withFixedDelay((int) delay.toMillis()));
        stubQuery(request.clientOrderId(), body("order-query-filled.json").replace("pyra-7-0-0-e", request.clientOrderId()));
        venue.stubFor(get(urlPathEqualTo("/api/v3/myTrades")).withQueryParam("orderId", equalTo("52871936215"))
                .willReturn(okJson(body("my-trades.json"))));
        return filled(request.clientOrderId());
    }

    @Override
    protected void stubUnknownOrder(OrderRequest request) {
        venue.stubFor(get(urlPathEqualTo("/api/v3/order")).withQueryParam("origClientOrderId", equalTo(request.clientOrderId()))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":-2013,\"msg\":\"Order does not exist.\"}")));
    }

    @Override
    protected void stubRefusal(ErrorKind kind, OrderRequest request) {
        String error = switch (kind) {
            case INSUFFICIENT_BALANCE -> "{\"code\":-2010,\"msg\":\"Account has insufficient balance for requested action.\"}";
            case PRECISION -> "{\"code\":-1013,\"msg\":\"Filter failure: NOTIONAL\"}";
            case UNKNOWN_SYMBOL -> "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";
            case AUTH -> "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}";
            default -> throw new IllegalArgumentException(kind.name());
        };
        stubPlacement(request, aResponse().withStatus(kind == ErrorKind.AUTH ? 401 : 400)
                .withHeader("Content-Type", "application/json").withBody(error));
    }

    @Override
    protected void stubRateLimitedOnce(OrderRequest request, Duration retryAfter) {
        venue.stubFor(post(urlPathEqualTo("/api/v3/order")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", Long.toString(retryAfter.toSeconds()))
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP(203.0.113.7) request weight is 6000 per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.\"}"))
                .willSetStateTo("served"));
        venue.stubFor(post(urlPathEqualTo("/api/v3/order")).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(marketFilled(request.clientOrderId()))));
    }

    @Override
    protected RequestPatternBuilder placements() {
        return postRequestedFor(urlPathEqualTo("/api/v3/order"));
    }

    @org.junit.jupiter.api.Test
    void aDuplicateClientIdOfAnOpenOrderAnswersThatOrderNotARefusal() {
        OrderRequest request = limitBuy("pyra-7-0-8-b");
        stubPlacement(request, aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":-2010,\"msg\":\"Duplicate order sent.\"}"));
        stubQuery(request.clientOrderId(), body("order-query-new.json").replace("pyra-7-0-1-b", request.clientOrderId()));

        OrderReport report = connector().placeOrder(request);

        org.assertj.core.api.Assertions.assertThat(report.clientOrderId()).isEqualTo("pyra-7-0-8-b");
        org.assertj.core.api.Assertions.assertThat(report.status()).isEqualTo(OrderStatus.NEW);
    }

    // ---- Binance's bodies ------------------------------------------------------------------

    private void stubPlacement(OrderRequest request, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        venue.stubFor(post(urlPathEqualTo("/api/v3/order")).withHeader("X-MBX-APIKEY", equalTo(API_KEY))
                .withRequestBody(containing("newClientOrderId=" + request.clientOrderId()))
                .withRequestBody(containing("symbol=BTCUSDT"))
                .withRequestBody(containing("type=" + request.type().name()))
                .withRequestBody(containing("quantity=0.0012"))
                .willReturn(response));
    }

    private void stubQuery(String clientOrderId, String body) {
        venue.stubFor(get(urlPathEqualTo("/api/v3/order")).withQueryParam("origClientOrderId", equalTo(clientOrderId))
                .withQueryParam("symbol", equalTo("BTCUSDT")).willReturn(okJson(body)));
    }

    private static String marketFilled(String clientOrderId) {
        return body("order-market-filled.json").replace("pyra-7-0-0-e", clientOrderId);
    }

    private static OrderReport filled(String clientOrderId) {
        return new OrderReport(clientOrderId, "52871936215", "BTCUSDT", Side.BUY, OrderType.MARKET, OrderStatus.FILLED, null,
                new BigDecimal("0.0012"), new BigDecimal("0.0012"), List.of(
                        new Fill("5301447281", new BigDecimal("91234.56"), new BigDecimal("0.0007"), new BigDecimal("0.0000007"), "BTC", FILLED_AT),
                        new Fill("5301447282", new BigDecimal("91234.57"), new BigDecimal("0.0005"), new BigDecimal("0.0000005"), "BTC", FILLED_AT)),
                FILLED_AT);
    }

    private static String body(String name) {
        try (InputStream in = BinanceConnectorContractTest.class.getResourceAsStream("/binance/stubs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no stub body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
