package dev.pyra.plugins.mexc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.connector.Signing;
import dev.pyra.testkit.ConnectorContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MEXC spot v3 against WireMock serving MEXC's own response formats. */
class MexcConnectorContractTest extends ConnectorContract {
    private static final Instant FILLED_AT = Instant.ofEpochMilli(1763975412878L);
    private static final String MARKET_ORDER_ID = "C02__612394857261834240";
    private static final String LIMIT_ORDER_ID = "C02__612395108723572736";

    /**
     * Warms WireMock and the JDK HTTP client up before the first test, whose setup otherwise
     * pays their start-up inside the kit's 800 ms request timeout on a loaded machine.
     */
    @BeforeAll
    void warmUp() throws Exception {
        stubRules();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            client.send(HttpRequest.newBuilder(URI.create(venue.baseUrl() + "/api/v3/exchangeInfo")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        factory().create(new ConnectorConfig("mexc", Map.of("baseUrl", venue.baseUrl())), null).symbolRules();
    }

    @Override
    protected ExchangeConnectorFactory factory() {
        return new MexcConnectorFactory();
    }

    @Override
    protected String symbol() {
        return "BTCUSDT";
    }

    @Override
    protected SymbolRules stubRules() {
        venue.stubFor(get(urlPathEqualTo("/api/v3/exchangeInfo")).willReturn(okJson(body("exchangeInfo.json"))));
        return SymbolRules.builder("BTCUSDT", "BTC", "USDT").trading(true)
                .tickSize(new BigDecimal("0.01")).priceDecimals(2)
                .stepSize(new BigDecimal("0.00000001")).quantityDecimals(8)
                .quantityRange(new BigDecimal("0.000001"), null)
                .notionalRange(new BigDecimal("1"), new BigDecimal("4000000")).minNotionalAppliesToMarket(true)
                .build();
    }

    @Override
    protected List<Balance> stubBalances() {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v3/account"))).willReturn(okJson(body("account.json"))));
        // MX is listed at zero: an empty balance is not reported
        return List.of(new Balance("BTC", new BigDecimal("0.01234"), new BigDecimal("0.0012")),
                new Balance("USDT", new BigDecimal("2480.517362"), new BigDecimal("72")));
    }

    @Override
    protected BigDecimal stubLastPrice() {
        venue.stubFor(get(urlPathEqualTo("/api/v3/ticker/price")).withQueryParam("symbol", equalTo("BTCUSDT"))
                .withHeader("X-MEXC-APIKEY", absent()).willReturn(okJson(body("ticker-price.json"))));
        return new BigDecimal("91234.56");
    }

    @Override
    protected OrderReport stubMarketBuyFilled(OrderRequest request) {
        stubPlacement(request, okJson(body("order-ack-market.json")));
        stubFilledQuery(request.clientOrderId());
        return filled(request.clientOrderId());
    }

    @Override
    protected OrderReport stubLimitBuyResting(OrderRequest request) {
        stubPlacement(request, okJson(body("order-ack-limit.json")));
        stubQuery(request.clientOrderId(), body("order-query-new.json"));
        return new OrderReport(request.clientOrderId(), LIMIT_ORDER_ID, "BTCUSDT", Side.BUY, OrderType.LIMIT, OrderStatus.NEW,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975470113L));
    }

    @Override
    protected OrderReport stubCancelled(OrderRequest restingLimit) {
        venue.stubFor(signed(delete(urlPathEqualTo("/api/v3/order")))
                .withQueryParam("symbol", equalTo("BTCUSDT"))
                .withQueryParam("origClientOrderId", equalTo(restingLimit.clientOrderId()))
                .willReturn(okJson(body("order-cancel.json"))));
        stubQuery(restingLimit.clientOrderId(), body("order-query-canceled.json"));
        return new OrderReport(restingLimit.clientOrderId(), LIMIT_ORDER_ID, "BTCUSDT", Side.BUY, OrderType.LIMIT, OrderStatus.CANCELED,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975531007L));
    }

    @Override
    protected OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay) {
        stubPlacement(request, okJson(body("order-ack-market.json")).withFixedDelay((int) delay.toMillis()));
        stubFilledQuery(request.clientOrderId());
        return filled(request.clientOrderId());
    }

    @Override
    protected void stubUnknownOrder(OrderRequest request) {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v3/order")))
                .withQueryParam("origClientOrderId", equalTo(request.clientOrderId()))
                .willReturn(error(400, "{\"code\":-2013,\"msg\":\"Order does not exist.\"}")));
    }

    @Override
    protected void stubRefusal(ErrorKind kind, OrderRequest request) {
        String error = switch (kind) {
            case INSUFFICIENT_BALANCE -> "{\"code\":30004,\"msg\":\"Insufficient position\"}";
            case PRECISION -> "{\"code\":30002,\"msg\":\"Minimum transaction volume cannot be less than:1USDT\"}";
            case UNKNOWN_SYMBOL -> "{\"code\":10007,\"msg\":\"symbol not support api\"}";
            case AUTH -> "{\"code\":700002,\"msg\":\"Signature for this request is not valid.\"}";
            default -> throw new IllegalArgumentException(kind.name());
        };
        stubPlacement(request, error(400, error));
    }

    @Override
    protected void stubRateLimitedOnce(OrderRequest request, Duration retryAfter) {
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "{\"code\":429,\"msg\":\"Too Many Requests\"}")
                        .withHeader("Retry-After", Long.toString(retryAfter.toSeconds())))
                .willSetStateTo("served"));
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(body("order-ack-market.json"))));
        stubFilledQuery(request.clientOrderId());
    }

    @Override
    protected RequestPatternBuilder placements() {
        return postRequestedFor(urlPathEqualTo("/api/v3/order"));
    }

    // ---- MEXC specifics beyond the kit ---------------------------------------------------

    @Test
    void signedRequestsCarryTheKeyAndAValidSignatureOverTheQueryString() {
        OrderRequest request = marketBuy("pyra-7-0-8-e");
        stubMarketBuyFilled(request);
        connector().placeOrder(request);
        LoggedRequest sent = venue.findAll(placements()).getFirst();
        String query = sent.getUrl().substring(sent.getUrl().indexOf('?') + 1);
        int at = query.lastIndexOf("&signature=");
        assertThat(query.substring(at + "&signature=".length()))
                .isEqualTo(Signing.hmacSha256Hex(API_SECRET, query.substring(0, at)));
        assertThat(query).contains("side=BUY", "recvWindow=", "timestamp=").doesNotContain("quoteOrderQty");
        assertThat(sent.getUrl()).doesNotContain(API_SECRET);
    }

    @Test
    void aRateLimitCodeInAnOkBodyAlsoHoldsTheNextRequest() {
        OrderRequest request = marketBuy("pyra-7-0-9-e");
        venue.stubFor(placement(request).inScenario("limit200").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"code\":510,\"msg\":\"Excessive frequency of requests\"}").withHeader("Retry-After", "1"))
                .willSetStateTo("served"));
        venue.stubFor(placement(request).inScenario("limit200").whenScenarioStateIs("served")
                .willReturn(okJson(body("order-ack-market.json"))));
        stubFilledQuery(request.clientOrderId());
        assertThatThrownBy(() -> connector().placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
        assertThat(connector().placeOrder(request).status()).isEqualTo(OrderStatus.FILLED);
        List<LoggedRequest> sent = venue.findAll(placements());
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getLoggedDate().getTime() - sent.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(950);
    }

    @Test
    void withoutKeysSignedCallsAreRefusedAndPublicOnesWork() {
        var keyless = factory().create(new ConnectorConfig("mexc", Map.of("baseUrl", venue.baseUrl(), "timeoutMillis", 800)), null);
        assertThatThrownBy(keyless::balances).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.venueCode()).isEqualTo("no-key");
        });
        stubLastPrice();
        assertThat(keyless.lastPrices(List.of("BTCUSDT"))).singleElement()
                .satisfies(t -> assertThat(t.price()).isEqualByComparingTo("91234.56"));
        venue.stubFor(get(urlPathEqualTo("/api/v3/ticker/price")).withQueryParam("symbol", absent())
                .willReturn(okJson(body("ticker-price-all.json"))));
        assertThat(keyless.lastPrices(List.of("BTCUSDT", "ETHUSDT"))).extracting(t -> t.symbol() + "=" + t.price().toPlainString())
                .containsExactlyInAnyOrder("BTCUSDT=91234.56", "ETHUSDT=3012.87");
        assertThat(keyless.capabilities()).doesNotContain(Capability.TESTNET).contains(Capability.MARKET_DATA);
    }

    @Test
    void testnetIsRefusedBecauseMexcHasNone() {
        assertThatThrownBy(() -> factory().create(new ConnectorConfig("mexc", Map.of("testnet", true)), null))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.getMessage()).contains("no spot testnet"));
    }

    @Test
    void openOrdersAreAskedPerSymbolTraded() {
        OrderRequest request = limitBuy("pyra-7-0-1-b");
        stubLimitBuyResting(request);
        connector().placeOrder(request);
        venue.stubFor(signed(get(urlPathEqualTo("/api/v3/openOrders"))).withQueryParam("symbol", equalTo("BTCUSDT"))
                .willReturn(okJson("[" + body("order-query-new.json") + "]")));
        assertThat(connector().openOrders()).singleElement().satisfies(order -> {
            assertThat(order.clientOrderId()).isEqualTo("pyra-7-0-1-b");
            assertThat(order.status()).isEqualTo(OrderStatus.NEW);
            assertThat(order.price()).isEqualByComparingTo("60000");
        });
    }

    // ---- MEXC's bodies ---------------------------------------------------------------------

    private static MappingBuilder signed(MappingBuilder mapping) {
        return mapping.withHeader("X-MEXC-APIKEY", equalTo(API_KEY))
                .withQueryParam("timestamp", matching("\\d{13}"))
                .withQueryParam("recvWindow", equalTo("5000"))
                .withQueryParam("signature", matching("[0-9a-f]{64}"));
    }

    private MappingBuilder placement(OrderRequest request) {
        MappingBuilder mapping = signed(post(urlPathEqualTo("/api/v3/order")))
                .withQueryParam("symbol", equalTo("BTCUSDT"))
                .withQueryParam("side", equalTo(request.side().name()))
                .withQueryParam("type", equalTo(request.type().name()))
                .withQueryParam("quantity", equalTo("0.0012"))
                .withQueryParam("newClientOrderId", equalTo(request.clientOrderId()));
        if (request.type() == OrderType.LIMIT) {
            mapping = mapping.withQueryParam("price", equalTo("60000")).withQueryParam("timeInForce", equalTo("GTC"));
        } else {
            mapping = mapping.withQueryParam("price", absent()).withQueryParam("quoteOrderQty", absent());
        }
        return mapping;
    }

    private void stubPlacement(OrderRequest request, ResponseDefinitionBuilder response) {
        venue.stubFor(placement(request).willReturn(response));
    }

    private void stubQuery(String clientOrderId, String body) {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v3/order"))).withQueryParam("origClientOrderId", equalTo(clientOrderId))
                .withQueryParam("symbol", equalTo("BTCUSDT")).willReturn(okJson(body)));
    }

    private void stubFilledQuery(String clientOrderId) {
        stubQuery(clientOrderId, body("order-query-filled.json").replace("pyra-7-0-0-e", clientOrderId));
        venue.stubFor(signed(get(urlPathEqualTo("/api/v3/myTrades"))).withQueryParam("symbol", equalTo("BTCUSDT"))
                .withQueryParam("orderId", equalTo(MARKET_ORDER_ID)).willReturn(okJson(body("my-trades.json"))));
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static OrderReport filled(String clientOrderId) {
        return new OrderReport(clientOrderId, MARKET_ORDER_ID, "BTCUSDT", Side.BUY, OrderType.MARKET, OrderStatus.FILLED, null,
                new BigDecimal("0.0012"), new BigDecimal("0.0012"), List.of(
                        new Fill("612394857274417153", new BigDecimal("91234.56"), new BigDecimal("0.0007"), new BigDecimal("0.0000007"), "BTC", FILLED_AT),
                        new Fill("612394857274417154", new BigDecimal("91234.57"), new BigDecimal("0.0005"), new BigDecimal("0.0000005"), "BTC", FILLED_AT)),
                FILLED_AT);
    }

    private static String body(String name) {
        try (InputStream in = MexcConnectorContractTest.class.getResourceAsStream("/mexc/stubs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no stub body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
