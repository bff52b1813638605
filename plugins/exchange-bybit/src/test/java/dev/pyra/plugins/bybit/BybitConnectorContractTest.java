package dev.pyra.plugins.bybit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

/** Bybit spot (v5) against WireMock serving Bybit's own response formats. */
class BybitConnectorContractTest extends ConnectorContract {
    private static final String MARKET_ORDER_ID = "2084519467738627840";
    private static final String LIMIT_ORDER_ID = "2084519955209031424";
    private static final Instant FILLED_AT = Instant.ofEpochMilli(1763975412871L);

    @Override
    protected ExchangeConnectorFactory factory() {
        return new BybitConnectorFactory();
    }

    @Override
    protected String symbol() {
        return "BTCUSDT";
    }

    @Override
    protected SymbolRules stubRules() {
        venue.stubFor(get(urlPathEqualTo("/v5/market/instruments-info")).withQueryParam("category", equalTo("spot"))
                .willReturn(okJson(body("../instruments-info-spot.json"))));
        return SymbolRules.builder("BTCUSDT", "BTC", "USDT").trading(true)
                .tickSize(new BigDecimal("0.1")).stepSize(new BigDecimal("0.000001"))
                .quantityRange(null, new BigDecimal("71.73956243"))
                .marketQuantityRange(null, new BigDecimal("35.86978121"))
                .notionalRange(new BigDecimal("5"), new BigDecimal("8000000")).minNotionalAppliesToMarket(true)
                .build();
    }

    @Override
    protected List<Balance> stubBalances() {
        venue.stubFor(signed(get(urlPathEqualTo("/v5/account/wallet-balance")).withQueryParam("accountType", equalTo("UNIFIED")))
                .willReturn(okJson(body("wallet-balance.json"))));
        // MNT is listed at zero: an empty balance is not reported; free is walletBalance - locked
        return List.of(new Balance("BTC", new BigDecimal("0.01234"), new BigDecimal("0.0012")),
                new Balance("USDT", new BigDecimal("2480.517362"), new BigDecimal("72")));
    }

    @Override
    protected BigDecimal stubLastPrice() {
        venue.stubFor(get(urlPathEqualTo("/v5/market/tickers")).withQueryParam("category", equalTo("spot"))
                .withQueryParam("symbol", equalTo("BTCUSDT")).willReturn(okJson(body("tickers-btcusdt.json"))));
        return new BigDecimal("91234.5");
    }

    @Override
    protected OrderReport stubMarketBuyFilled(OrderRequest request) {
        stubPlacement(request, okJson(created("order-create-market.json", request)));
        stubFilledQueries(request);
        return filled(request.clientOrderId());
    }

    @Override
    protected OrderReport stubLimitBuyResting(OrderRequest request) {
        stubPlacement(request, okJson(created("order-create-limit.json", request)));
        stubQuery("/v5/order/realtime", request.clientOrderId(), body("order-realtime-limit-new.json"));
        return new OrderReport(request.clientOrderId(), LIMIT_ORDER_ID, "BTCUSDT", Side.BUY, OrderType.LIMIT, OrderStatus.NEW,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975470113L));
    }

    @Override
    protected OrderReport stubCancelled(OrderRequest restingLimit) {
        venue.stubFor(signed(post(urlPathEqualTo("/v5/order/cancel")))
                .withRequestBody(matchingJsonPath("$.category", equalTo("spot")))
                .withRequestBody(matchingJsonPath("$.symbol", equalTo("BTCUSDT")))
                .withRequestBody(matchingJsonPath("$.orderLinkId", equalTo(restingLimit.clientOrderId())))
                .willReturn(okJson(body("order-cancel.json"))));
        stubQuery("/v5/order/realtime", restingLimit.clientOrderId(), body("order-realtime-limit-cancelled.json"));
        return new OrderReport(restingLimit.clientOrderId(), LIMIT_ORDER_ID, "BTCUSDT", Side.BUY, OrderType.LIMIT, OrderStatus.CANCELED,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1763975533406L));
    }

    @Override
    protected OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay) {
        stubPlacement(request, okJson(created("order-create-market.json", request)).withFixedDelay((int) delay.toMillis()));
        stubFilledQueries(request);
        return filled(request.clientOrderId());
    }

    @Override
    protected void stubUnknownOrder(OrderRequest request) {
        // Bybit answers an orderLinkId it does not know with an empty list, in both places
        stubQuery("/v5/order/realtime", request.clientOrderId(), body("order-realtime-empty.json"));
        stubQuery("/v5/order/history", request.clientOrderId(), body("order-history-empty.json"));
    }

    @Override
    protected void stubRefusal(ErrorKind kind, OrderRequest request) {
        String error = switch (kind) {
            case INSUFFICIENT_BALANCE -> error(170131, "Insufficient balance.");
            case PRECISION -> error(170137, "Order quantity has too many decimals.");
            case UNKNOWN_SYMBOL -> error(170121, "Invalid symbol.");
            case AUTH -> error(10003, "API key is invalid.");
            default -> throw new IllegalArgumentException(kind.name());
        };
        // Bybit refuses orders with HTTP 200 and a retCode; a refused key comes with HTTP 401
        stubPlacement(request, aResponse().withStatus(kind == ErrorKind.AUTH ? 401 : 200)
                .withHeader("Content-Type", "application/json").withBody(error));
    }

    @Override
    protected void stubRateLimitedOnce(OrderRequest request, Duration retryAfter) {
        // Bybit's API rate limit: HTTP 200, retCode 10006, and when the limit resets
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(error(10006, "Too many visits!")).withTransformers("response-template")
                        .withHeader("X-Bapi-Limit", "20").withHeader("X-Bapi-Limit-Status", "0")
                        .withHeader("X-Bapi-Limit-Reset-Timestamp", "{{now offset='" + retryAfter.toSeconds() + " seconds' format='epoch'}}"))
                .willSetStateTo("served"));
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(created("order-create-market.json", request))));
        stubFilledQueries(request);
    }

    @Override
    protected RequestPatternBuilder placements() {
        return postRequestedFor(urlPathEqualTo("/v5/order/create"));
    }

    // ---- Bybit's requests and bodies ---------------------------------------------------------

    private void stubPlacement(OrderRequest request, ResponseDefinitionBuilder response) {
        venue.stubFor(placement(request).willReturn(response));
    }

    /** A v5 spot order as the connector must send it: base quantity for a market buy, GTC for a limit. */
    private static MappingBuilder placement(OrderRequest request) {
        MappingBuilder placement = signed(post(urlPathEqualTo("/v5/order/create")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.category", equalTo("spot")))
                .withRequestBody(matchingJsonPath("$.symbol", equalTo("BTCUSDT")))
                .withRequestBody(matchingJsonPath("$.side", equalTo("Buy")))
                .withRequestBody(matchingJsonPath("$.qty", equalTo("0.0012")))
                .withRequestBody(matchingJsonPath("$.orderLinkId", equalTo(request.clientOrderId())));
        if (request.type() == OrderType.MARKET) {
            return placement.withRequestBody(matchingJsonPath("$.orderType", equalTo("Market")))
                    .withRequestBody(matchingJsonPath("$.marketUnit", equalTo("baseCoin")));
        }
        return placement.withRequestBody(matchingJsonPath("$.orderType", equalTo("Limit")))
                .withRequestBody(matchingJsonPath("$.price", equalTo("60000")))
                .withRequestBody(matchingJsonPath("$.timeInForce", equalTo("GTC")));
    }

    private void stubFilledQueries(OrderRequest request) {
        stubQuery("/v5/order/realtime", request.clientOrderId(),
                body("order-realtime-market-filled.json").replace("pyra-7-0-0-e", request.clientOrderId()));
        venue.stubFor(signed(get(urlPathEqualTo("/v5/execution/list"))).withQueryParam("category", equalTo("spot"))
                .withQueryParam("symbol", equalTo("BTCUSDT")).withQueryParam("orderId", equalTo(MARKET_ORDER_ID))
                .withQueryParam("startTime", equalTo("1763975411866")) // created − 1 s: the window holds the whole order
                .willReturn(okJson(body("execution-list-market.json").replace("pyra-7-0-0-e", request.clientOrderId()))));
    }

    private void stubQuery(String path, String clientOrderId, String body) {
        venue.stubFor(signed(get(urlPathEqualTo(path))).withQueryParam("category", equalTo("spot"))
                .withQueryParam("symbol", equalTo("BTCUSDT")).withQueryParam("orderLinkId", equalTo(clientOrderId))
                .willReturn(okJson(body)));
    }

    /** Bybit's headers, and its signature over timestamp + key + recvWindow + (query | body) checked with the kit's secret. */
    private static MappingBuilder signed(MappingBuilder request) {
        return request.withHeader("X-BAPI-API-KEY", equalTo(API_KEY)).withHeader("X-BAPI-RECV-WINDOW", equalTo("5000"))
                .andMatching(BybitConnectorContractTest::validSignature);
    }

    private static MatchResult validSignature(Request request) {
        String timestamp = request.getHeader("X-BAPI-TIMESTAMP");
        String sign = request.getHeader("X-BAPI-SIGN");
        if (timestamp == null || sign == null) {
            return MatchResult.noMatch();
        }
        String url = request.getUrl();
        String payload = "GET".equals(request.getMethod().getName())
                ? (url.contains("?") ? url.substring(url.indexOf('?') + 1) : "")
                : request.getBodyAsString();
        return MatchResult.of(sign.equals(Signing.hmacSha256Hex(API_SECRET, timestamp + API_KEY + "5000" + payload)));
    }

    private static String created(String file, OrderRequest request) {
        return body(file).replace(file.contains("market") ? "pyra-7-0-0-e" : "pyra-7-0-1-b", request.clientOrderId());
    }

    private static String error(int code, String message) {
        return "{\"retCode\":" + code + ",\"retMsg\":\"" + message + "\",\"result\":{},\"retExtInfo\":{},\"time\":1763975412866}";
    }

    private static OrderReport filled(String clientOrderId) {
        // Bybit lists the newest execution first
        return new OrderReport(clientOrderId, MARKET_ORDER_ID, "BTCUSDT", Side.BUY, OrderType.MARKET, OrderStatus.FILLED, null,
                new BigDecimal("0.0012"), new BigDecimal("0.0012"), List.of(
                        new Fill("2100000000074385202", new BigDecimal("91234.6"), new BigDecimal("0.0005"), new BigDecimal("0.0000005"), "BTC", FILLED_AT),
                        new Fill("2100000000074385201", new BigDecimal("91234.5"), new BigDecimal("0.0007"), new BigDecimal("0.0000007"), "BTC", FILLED_AT)),
                FILLED_AT);
    }

    private static String body(String name) {
        try (InputStream in = BybitConnectorContractTest.class.getResourceAsStream("/bybit/stubs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no stub body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
