package dev.pyra.plugins.kucoin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** KuCoin spot against WireMock serving KuCoin's own response formats, signed requests checked. */
class KucoinConnectorContractTest extends ConnectorContract {
    private static final Instant FILLED_AT = Instant.ofEpochMilli(1763975412871L);
    private static final String MARKET_ORDER_ID = "6923f1a3c1e0f50007b3d5a1";
    private static final String LIMIT_ORDER_ID = "6923f1e2a9b4c80007d1e2f4";

    /**
     * The kit's first request has only {@link #TIMEOUT} to cross a cold WireMock, HTTP client and
     * JSON stack: on a loaded machine that first call can time out. One untimed round trip first.
     */
    @BeforeAll
    void warmUp() {
        stubRules();
        stubLastPrice();
        try (ExchangeConnector warm = factory().create(new ConnectorConfig("kucoin",
                Map.of("baseUrl", venue.baseUrl(), "timeoutMillis", 30_000)), null)) {
            warm.symbolRules();
            warm.lastPrices(List.of(symbol()));
        }
        venue.resetAll();
    }

    @Override
    protected ExchangeConnectorFactory factory() {
        return new KucoinConnectorFactory();
    }

    @Override
    protected String symbol() {
        return "BTC-USDT";
    }

    @Override
    protected SymbolRules stubRules() {
        venue.stubFor(get(urlPathEqualTo("/api/v2/symbols")).withHeader("KC-API-KEY", absent())
                .willReturn(okJson(body("../symbols.json"))));
        return SymbolRules.builder("BTC-USDT", "BTC", "USDT").trading(true)
                .tickSize(new BigDecimal("0.1"))
                .stepSize(new BigDecimal("0.00000001")).quantityRange(new BigDecimal("0.00001"), new BigDecimal("10000000000"))
                .notionalRange(new BigDecimal("0.1"), new BigDecimal("99999999")).minNotionalAppliesToMarket(true)
                .build();
    }

    @Override
    protected List<Balance> stubBalances() {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v1/accounts")).withQueryParam("type", equalTo("trade")))
                .willReturn(okJson(body("accounts.json"))));
        // KCS is listed at zero: an empty balance is not reported
        return List.of(new Balance("BTC", new BigDecimal("0.01234"), new BigDecimal("0.0012")),
                new Balance("USDT", new BigDecimal("2480.517362"), new BigDecimal("72")));
    }

    @Override
    protected BigDecimal stubLastPrice() {
        venue.stubFor(get(urlPathEqualTo("/api/v1/market/allTickers")).withHeader("KC-API-KEY", absent())
                .willReturn(okJson(body("all-tickers.json"))));
        return new BigDecimal("91234.5");
    }

    @Override
    protected OrderReport stubMarketBuyFilled(OrderRequest request) {
        stubPlacement(request, okJson(created("order-created-market.json", request.clientOrderId())));
        stubMarketFilledQuery(request.clientOrderId());
        return filled(request.clientOrderId());
    }

    @Override
    protected OrderReport stubLimitBuyResting(OrderRequest request) {
        stubPlacement(request, okJson(created("order-created-limit.json", request.clientOrderId())));
        stubQuery(request.clientOrderId(), body("order-limit-new.json").replace("pyra-7-0-1-b", request.clientOrderId()));
        return new OrderReport(request.clientOrderId(), LIMIT_ORDER_ID, "BTC-USDT", Side.BUY, OrderType.LIMIT, OrderStatus.NEW,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975470113L));
    }

    @Override
    protected OrderReport stubCancelled(OrderRequest restingLimit) {
        venue.stubFor(signed(delete(urlPathEqualTo("/api/v1/order/client-order/" + restingLimit.clientOrderId())))
                .withQueryParam("symbol", equalTo("BTC-USDT"))
                .willReturn(okJson(body("order-cancelled.json").replace("pyra-7-0-1-b", restingLimit.clientOrderId()))));
        stubQuery(restingLimit.clientOrderId(), body("order-limit-canceled.json").replace("pyra-7-0-1-b", restingLimit.clientOrderId()));
        return new OrderReport(restingLimit.clientOrderId(), LIMIT_ORDER_ID, "BTC-USDT", Side.BUY, OrderType.LIMIT, OrderStatus.CANCELED,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975470113L));
    }

    @Override
    protected OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay) {
        stubPlacement(request, okJson(created("order-created-market.json", request.clientOrderId())).withFixedDelay((int) delay.toMillis()));
        stubMarketFilledQuery(request.clientOrderId());
        return filled(request.clientOrderId());
    }

    @Override
    protected void stubUnknownOrder(OrderRequest request) {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v1/order/client-order/" + request.clientOrderId())))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"400100\",\"msg\":\"order not exist.\"}")));
    }

    @Override
    protected void stubRefusal(ErrorKind kind, OrderRequest request) {
        String error = switch (kind) {
            case INSUFFICIENT_BALANCE -> "{\"code\":\"200004\",\"msg\":\"Balance insufficient!\"}";
            case PRECISION -> "{\"code\":\"400100\",\"msg\":\"Order size increment invalid.\"}";
            case UNKNOWN_SYMBOL -> "{\"code\":\"900001\",\"msg\":\"symbol not exists!\"}";
            case AUTH -> "{\"code\":\"400005\",\"msg\":\"Invalid KC-API-SIGN\"}";
            default -> throw new IllegalArgumentException(kind.name());
        };
        // KuCoin answers business refusals with HTTP 200 and its code; authentication failures with 401
        stubPlacement(request, aResponse().withStatus(kind == ErrorKind.AUTH ? 401 : 200)
                .withHeader("Content-Type", "application/json").withBody(error));
    }

    @Override
    protected void stubRateLimitedOnce(OrderRequest request, Duration retryAfter) {
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("gw-ratelimit-limit", "4000").withHeader("gw-ratelimit-remaining", "0")
                        .withHeader("gw-ratelimit-reset", Long.toString(retryAfter.toMillis()))
                        .withBody("{\"code\":\"429000\",\"msg\":\"Too Many Requests\"}"))
                .willSetStateTo("served"));
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(created("order-created-market.json", request.clientOrderId()))
                        .withHeader("gw-ratelimit-limit", "4000").withHeader("gw-ratelimit-remaining", "3998")
                        .withHeader("gw-ratelimit-reset", "29000")));
        stubMarketFilledQuery(request.clientOrderId());
    }

    @Override
    protected RequestPatternBuilder placements() {
        return postRequestedFor(urlPathEqualTo("/api/v1/orders"));
    }

    // ---- KuCoin's requests and bodies ------------------------------------------------------

    /** A key-version-2 signed request: key, passphrase and a signature that checks out over what was sent. */
    private static MappingBuilder signed(MappingBuilder request) {
        return request.withHeader("KC-API-KEY", equalTo(API_KEY))
                .withHeader("KC-API-KEY-VERSION", equalTo("2"))
                .withHeader("KC-API-PASSPHRASE", equalTo(Signing.hmacSha256Base64(API_SECRET, PASSPHRASE)))
                .andMatching(SIGNATURE);
    }

    private static final ValueMatcher<Request> SIGNATURE = request -> {
        String timestamp = request.getHeader("KC-API-TIMESTAMP");
        String sign = request.getHeader("KC-API-SIGN");
        if (timestamp == null || sign == null) {
            return MatchResult.noMatch();
        }
        String payload = timestamp + request.getMethod().getName() + request.getUrl() + request.getBodyAsString();
        return MatchResult.of(sign.equals(Signing.hmacSha256Base64(API_SECRET, payload)));
    };

    private MappingBuilder placement(OrderRequest request) {
        MappingBuilder post = signed(post(urlPathEqualTo("/api/v1/orders")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.clientOid", equalTo(request.clientOrderId())))
                .withRequestBody(matchingJsonPath("$.symbol", equalTo("BTC-USDT")))
                .withRequestBody(matchingJsonPath("$.side", equalTo(request.side() == Side.BUY ? "buy" : "sell")))
                .withRequestBody(matchingJsonPath("$.type", equalTo(request.type() == OrderType.LIMIT ? "limit" : "market")))
                .withRequestBody(matchingJsonPath("$.size", equalTo("0.0012")))
                .withRequestBody(matchingJsonPath("$.funds", absent()));
        if (request.type() == OrderType.LIMIT) {
            post = post.withRequestBody(matchingJsonPath("$.price", equalTo("60000")))
                    .withRequestBody(matchingJsonPath("$.timeInForce", equalTo("GTC")));
        }
        return post;
    }

    private void stubPlacement(OrderRequest request, ResponseDefinitionBuilder response) {
        venue.stubFor(placement(request).willReturn(response));
    }

    private void stubQuery(String clientOrderId, String body) {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v1/order/client-order/" + clientOrderId))).willReturn(okJson(body)));
    }

    private void stubMarketFilledQuery(String clientOrderId) {
        stubQuery(clientOrderId, body("order-market-filled.json").replace("pyra-7-0-0-e", clientOrderId));
        venue.stubFor(signed(get(urlPathEqualTo("/api/v1/fills"))).withQueryParam("orderId", equalTo(MARKET_ORDER_ID))
                .willReturn(okJson(body("fills-market.json"))));
    }

    private static String created(String name, String clientOrderId) {
        return body(name).replace("pyra-7-0-0-e", clientOrderId).replace("pyra-7-0-1-b", clientOrderId);
    }

    private static OrderReport filled(String clientOrderId) {
        return new OrderReport(clientOrderId, MARKET_ORDER_ID, "BTC-USDT", Side.BUY, OrderType.MARKET, OrderStatus.FILLED, null,
                new BigDecimal("0.0012"), new BigDecimal("0.0012"), List.of(
                        new Fill("12093867261954049", new BigDecimal("91234.5"), new BigDecimal("0.0007"), new BigDecimal("0.06386415"), "USDT", FILLED_AT),
                        new Fill("12093867261954050", new BigDecimal("91234.6"), new BigDecimal("0.0005"), new BigDecimal("0.0456173"), "USDT", FILLED_AT)),
                FILLED_AT);
    }

    private static String body(String name) {
        try (InputStream in = KucoinConnectorContractTest.class.getResourceAsStream("/kucoin/stubs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no stub body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
