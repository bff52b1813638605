package com.example.pyra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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

/**
 * The template's connector passing Pyra's contract kit. For your venue: stub each situation with
 * the venue's real response bodies (from its API docs or recorded responses) and return what your
 * connector must make of them.
 */
class ExampleConnectorContractTest extends ConnectorContract {
    private static final Instant FILLED_AT = Instant.parse("2026-11-24T09:10:12.871Z");

    @Override
    protected ExchangeConnectorFactory factory() {
        return new ExampleConnectorFactory();
    }

    @Override
    protected String symbol() {
        return "BTC-USDT";
    }

    @Override
    protected SymbolRules stubRules() {
        venue.stubFor(get(urlPathEqualTo("/v1/markets")).willReturn(okJson(body("markets.json"))));
        return SymbolRules.builder("BTC-USDT", "BTC", "USDT").trading(true).tickSize(new BigDecimal("0.01"))
                .stepSize(new BigDecimal("0.00001")).quantityRange(new BigDecimal("0.00001"), null)
                .notionalRange(new BigDecimal("5"), null).build();
    }

    @Override
    protected List<Balance> stubBalances() {
        venue.stubFor(get(urlPathEqualTo("/v1/balances")).withHeader("X-API-KEY", equalTo(API_KEY)).willReturn(okJson("""
                {"balances": [{"asset": "BTC", "free": "0.01234", "locked": "0.0012"},
                              {"asset": "ETH", "free": "0", "locked": "0"},
                              {"asset": "USDT", "free": "2480.517362", "locked": "72"}]}""")));
        return List.of(new Balance("BTC", new BigDecimal("0.01234"), new BigDecimal("0.0012")),
                new Balance("USDT", new BigDecimal("2480.517362"), new BigDecimal("72")));
    }

    @Override
    protected BigDecimal stubLastPrice() {
        venue.stubFor(get(urlPathEqualTo("/v1/prices")).withQueryParam("symbols", equalTo("BTC-USDT"))
                .willReturn(okJson("{\"prices\": [{\"symbol\": \"BTC-USDT\", \"last\": \"91234.56\"}]}")));
        return new BigDecimal("91234.56");
    }

    @Override
    protected OrderReport stubMarketBuyFilled(OrderRequest request) {
        stubPlacement(request, okJson(filledBody(request.clientOrderId())));
        stubQuery(request.clientOrderId(), okJson(filledBody(request.clientOrderId())));
        return filled(request.clientOrderId());
    }

    @Override
    protected OrderReport stubLimitBuyResting(OrderRequest request) {
        stubPlacement(request, okJson(body("order-open.json").replace("STATUS", "open")));
        stubQuery(request.clientOrderId(), okJson(body("order-open.json").replace("STATUS", "open")));
        return limit(request.clientOrderId(), OrderStatus.NEW);
    }

    @Override
    protected OrderReport stubCancelled(OrderRequest restingLimit) {
        venue.stubFor(delete(urlPathEqualTo("/v1/orders/" + restingLimit.clientOrderId()))
                .willReturn(okJson(body("order-open.json").replace("STATUS", "cancelled"))));
        return limit(restingLimit.clientOrderId(), OrderStatus.CANCELED);
    }

    @Override
    protected OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay) {
        stubPlacement(request, okJson(filledBody(request.clientOrderId())).withFixedDelay((int) delay.toMillis()));
        stubQuery(request.clientOrderId(), okJson(filledBody(request.clientOrderId())));
        return filled(request.clientOrderId());
    }

    @Override
    protected void stubUnknownOrder(OrderRequest request) {
        stubQuery(request.clientOrderId(), error(404, "ORDER_NOT_FOUND", "no order with this client id"));
    }

    @Override
    protected void stubRefusal(ErrorKind kind, OrderRequest request) {
        stubPlacement(request, switch (kind) {
            case INSUFFICIENT_BALANCE -> error(400, "INSUFFICIENT_FUNDS", "USDT available 12.5, needed 109.48");
            case PRECISION -> error(400, "BELOW_MIN_NOTIONAL", "order value below 5 USDT");
            case UNKNOWN_SYMBOL -> error(400, "UNKNOWN_SYMBOL", "no market BTC-USDT");
            case AUTH -> error(401, "UNAUTHORIZED", "invalid API key");
            default -> throw new IllegalArgumentException(kind.name());
        });
    }

    @Override
    protected void stubRateLimitedOnce(OrderRequest request, Duration retryAfter) {
        venue.stubFor(post(urlPathEqualTo("/v1/orders")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "TOO_MANY_REQUESTS", "slow down").withHeader("Retry-After", Long.toString(retryAfter.toSeconds())))
                .willSetStateTo("served"));
        venue.stubFor(post(urlPathEqualTo("/v1/orders")).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(filledBody(request.clientOrderId()))));
    }

    @Override
    protected RequestPatternBuilder placements() {
        return postRequestedFor(urlPathEqualTo("/v1/orders"));
    }

    private void stubPlacement(OrderRequest request, ResponseDefinitionBuilder response) {
        venue.stubFor(post(urlPathEqualTo("/v1/orders")).withHeader("X-API-KEY", equalTo(API_KEY))
                .withRequestBody(matchingJsonPath("$.clientId", equalTo(request.clientOrderId())))
                .withRequestBody(matchingJsonPath("$.symbol", equalTo("BTC-USDT")))
                .withRequestBody(matchingJsonPath("$.quantity", equalTo("0.0012")))
                .willReturn(response));
    }

    private void stubQuery(String clientOrderId, ResponseDefinitionBuilder response) {
        venue.stubFor(get(urlPathEqualTo("/v1/orders/" + clientOrderId)).withHeader("X-API-KEY", equalTo(API_KEY)).willReturn(response));
    }

    private static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"" + code + "\", \"message\": \"" + message + "\"}");
    }

    private static String filledBody(String clientOrderId) {
        return body("order-filled.json").replace("CLIENT_ID", clientOrderId);
    }

    private static OrderReport filled(String clientOrderId) {
        return new OrderReport(clientOrderId, "88120442", "BTC-USDT", Side.BUY, OrderType.MARKET, OrderStatus.FILLED, null,
                new BigDecimal("0.0012"), new BigDecimal("0.0012"), List.of(
                        new Fill("4410021", new BigDecimal("91234.56"), new BigDecimal("0.0007"), new BigDecimal("0.06386419"), "USDT", FILLED_AT),
                        new Fill("4410022", new BigDecimal("91234.57"), new BigDecimal("0.0005"), new BigDecimal("0.04561729"), "USDT", FILLED_AT)),
                FILLED_AT);
    }

    private static OrderReport limit(String clientOrderId, OrderStatus status) {
        return new OrderReport(clientOrderId, "88120517", "BTC-USDT", Side.BUY, OrderType.LIMIT, status, new BigDecimal("60000"),
                new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.parse("2026-11-24T09:11:10.113Z"));
    }

    private static String body(String name) {
        try (InputStream in = ExampleConnectorContractTest.class.getResourceAsStream("/example/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
