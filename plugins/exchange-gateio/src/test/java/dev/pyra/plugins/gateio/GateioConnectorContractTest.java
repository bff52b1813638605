package dev.pyra.plugins.gateio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Gate.io spot (API v4) against WireMock serving Gate's own response formats. */
class GateioConnectorContractTest extends ConnectorContract {
    private static final String ORDERS = "/api/v4/spot/orders";
    private static final String MARKET_ORDER_ID = "912374650281";
    private static final String LIMIT_ORDER_ID = "912374689514";
    private static final Instant FILLED_AT = Instant.ofEpochMilli(1795444212871L);
    /** The lowest ask (91,234.6) plus the default 1 % allowance, rounded up to BTC_USDT's 0.1 tick. */
    private static final String MARKET_BUY_CAP = "92147.0";

    @Override
    protected ExchangeConnectorFactory factory() {
        return new GateioConnectorFactory();
    }

    @Override
    protected String symbol() {
        return "BTC_USDT";
    }

    @Override
    protected SymbolRules stubRules() {
        venue.stubFor(get(urlPathEqualTo("/api/v4/spot/currency_pairs")).willReturn(okJson(body("../currency_pairs.json"))));
        return SymbolRules.builder("BTC_USDT", "BTC", "USDT").trading(true)
                .tickSize(new BigDecimal("0.1")).priceDecimals(1)
                .stepSize(new BigDecimal("0.000001")).quantityDecimals(6)
                .quantityRange(new BigDecimal("0.00001"), null)
                .notionalRange(new BigDecimal("3"), new BigDecimal("5000000")).minNotionalAppliesToMarket(true)
                .build();
    }

    @Override
    protected List<Balance> stubBalances() {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v4/spot/accounts"))).willReturn(okJson(body("accounts.json"))));
        // GT is listed at zero: an empty balance is not reported
        return List.of(new Balance("BTC", new BigDecimal("0.01234"), new BigDecimal("0.0012")),
                new Balance("USDT", new BigDecimal("2480.517362"), new BigDecimal("72")));
    }

    @Override
    protected BigDecimal stubLastPrice() {
        stubTicker();
        return new BigDecimal("91234.5");
    }

    @Override
    protected OrderReport stubMarketBuyFilled(OrderRequest request) {
        stubTicker();
        stubPlacement(request, okJson(marketFilled(request.clientOrderId())));
        stubQuery(request.clientOrderId(), MARKET_ORDER_ID, marketFilled(request.clientOrderId()));
        stubTrades(request.clientOrderId());
        return filled(request.clientOrderId());
    }

    @Override
    protected OrderReport stubLimitBuyResting(OrderRequest request) {
        stubPlacement(request, okJson(body("order-limit-open.json")));
        stubQuery(request.clientOrderId(), LIMIT_ORDER_ID, body("order-limit-open.json"));
        return new OrderReport(request.clientOrderId(), LIMIT_ORDER_ID, "BTC_USDT", Side.BUY, OrderType.LIMIT, OrderStatus.NEW,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1795444270113L));
    }

    @Override
    protected OrderReport stubCancelled(OrderRequest restingLimit) {
        venue.stubFor(signed(delete(urlPathMatching(ORDERS + "/(" + LIMIT_ORDER_ID + "|t-" + Pattern.quote(restingLimit.clientOrderId()) + ")")))
                .withQueryParam("currency_pair", equalTo("BTC_USDT"))
                .willReturn(okJson(body("order-limit-cancelled.json"))));
        stubQuery(restingLimit.clientOrderId(), LIMIT_ORDER_ID, body("order-limit-cancelled.json"));
        return new OrderReport(restingLimit.clientOrderId(), LIMIT_ORDER_ID, "BTC_USDT", Side.BUY, OrderType.LIMIT, OrderStatus.CANCELED,
                new BigDecimal("60000"), new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), Instant.ofEpochMilli(1795444301542L));
    }

    @Override
    protected OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay) {
        stubTicker();
        stubPlacement(request, okJson(marketFilled(request.clientOrderId())).withFixedDelay((int) delay.toMillis()));
        // the answer never arrived, so only the text id can find it
        venue.stubFor(signed(get(urlPathEqualTo(ORDERS + "/t-" + request.clientOrderId())))
                .withQueryParam("currency_pair", equalTo("BTC_USDT")).willReturn(okJson(marketFilled(request.clientOrderId()))));
        stubTrades(request.clientOrderId());
        return filled(request.clientOrderId());
    }

    @Override
    protected void stubUnknownOrder(OrderRequest request) {
        venue.stubFor(signed(get(urlPathEqualTo(ORDERS + "/t-" + request.clientOrderId())))
                .withQueryParam("currency_pair", equalTo("BTC_USDT"))
                .willReturn(error(404, "{\"label\":\"ORDER_NOT_FOUND\",\"message\":\"Order not found\"}")));
    }

    @Override
    protected void stubRefusal(ErrorKind kind, OrderRequest request) {
        String error = switch (kind) {
            case INSUFFICIENT_BALANCE -> "{\"label\":\"BALANCE_NOT_ENOUGH\",\"message\":\"Not enough balance\"}";
            case PRECISION -> "{\"label\":\"INVALID_PRECISION\",\"message\":\"Invalid precision\"}";
            case UNKNOWN_SYMBOL -> "{\"label\":\"INVALID_CURRENCY_PAIR\",\"message\":\"Invalid currency pair BTC_USDT\"}";
            case AUTH -> "{\"label\":\"INVALID_KEY\",\"message\":\"Invalid key provided\"}";
            default -> throw new IllegalArgumentException(kind.name());
        };
        stubTicker();
        stubPlacement(request, error(kind == ErrorKind.AUTH ? 401 : 400, error));
    }

    @Override
    protected void stubRateLimitedOnce(OrderRequest request, Duration retryAfter) {
        stubTicker();
        long resetAt = System.currentTimeMillis() + retryAfter.toMillis();
        venue.stubFor(placementOf(request).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "{\"label\":\"TOO_MANY_REQUESTS\",\"message\":\"Request Rate limit Exceeded (007)\"}")
                        .withHeader("X-Gate-RateLimit-Requests-Remain", "0")
                        .withHeader("X-Gate-RateLimit-Limit", "10")
                        .withHeader("X-Gate-RateLimit-Reset-Timestamp", Long.toString(resetAt)))
                .willSetStateTo("served"));
        venue.stubFor(placementOf(request).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(marketFilled(request.clientOrderId()))));
        stubTrades(request.clientOrderId());
    }

    @Override
    protected RequestPatternBuilder placements() {
        return postRequestedFor(urlPathEqualTo(ORDERS));
    }

    // ---- beyond the kit ------------------------------------------------------------------

    @Test
    void openOrdersAreListedAcrossPairs() {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v4/spot/open_orders"))).willReturn(okJson(
                "[{\"currency_pair\":\"BTC_USDT\",\"total\":1,\"orders\":[" + body("order-limit-open.json") + "]}]")));
        assertThat(connector().openOrders()).singleElement().satisfies(order -> {
            assertThat(order.clientOrderId()).isEqualTo("pyra-7-0-1-b");
            assertThat(order.status()).isEqualTo(OrderStatus.NEW);
            assertThat(order.price()).isEqualByComparingTo("60000");
        });
    }

    @Test
    void aWindowGateSaysIsUsedUpHoldsTheNextRequestUntilItsReset() {
        long resetAt = System.currentTimeMillis() + 1000;
        venue.stubFor(get(urlPathEqualTo("/api/v4/spot/tickers")).withQueryParam("currency_pair", equalTo("BTC_USDT"))
                .willReturn(okJson(body("tickers-btc-usdt.json")).withHeader("X-Gate-RateLimit-Requests-Remain", "0")
                        .withHeader("X-Gate-RateLimit-Limit", "200").withHeader("X-Gate-RateLimit-Reset-Timestamp", Long.toString(resetAt))));
        connector().lastPrices(List.of("BTC_USDT"));
        connector().lastPrices(List.of("BTC_USDT"));
        List<LoggedRequest> sent = venue.findAll(getRequestedFor(urlPathEqualTo("/api/v4/spot/tickers")));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getLoggedDate().getTime()).isGreaterThanOrEqualTo(resetAt - 50);
    }

    @Test
    void requestsAreSignedAsGateDocumentsIt() {
        stubBalances();
        connector().balances();
        OrderRequest request = limitBuy("pyra-7-0-8-b");
        stubLimitBuyResting(request);
        connector().placeOrder(request);

        LoggedRequest accounts = venue.findAll(getRequestedFor(urlPathEqualTo("/api/v4/spot/accounts"))).getFirst();
        assertThat(accounts.getHeader("SIGN")).isEqualTo(Signing.hmacSha512Hex(API_SECRET, "GET\n/api/v4/spot/accounts\n\n"
                + Signing.sha512Hex("") + "\n" + accounts.getHeader("Timestamp")));
        LoggedRequest placed = venue.findAll(placements()).getFirst();
        assertThat(placed.getHeader("SIGN")).isEqualTo(Signing.hmacSha512Hex(API_SECRET, "POST\n/api/v4/spot/orders\n\n"
                + Signing.sha512Hex(placed.getBodyAsString()) + "\n" + placed.getHeader("Timestamp")));
    }

    @Test
    void withoutKeysSignedCallsAreRefusedAndPublicOnesWork() {
        ExchangeConnector keyless = factory().create(new ConnectorConfig("gateio", Map.of("baseUrl", venue.baseUrl())), null);
        stubTicker();
        assertThat(keyless.lastPrices(List.of("BTC_USDT"))).singleElement()
                .satisfies(tick -> assertThat(tick.price()).isEqualByComparingTo("91234.5"));
        assertThatThrownBy(keyless::balances).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.venueCode()).isEqualTo("no-key");
        });
        assertThatThrownBy(() -> keyless.placeOrder(limitBuy("pyra-7-0-9-b"))).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTH));
        assertThat(venue.findAll(placements())).isEmpty();
    }

    // ---- Gate's bodies -------------------------------------------------------------------

    /** Gate's signed calls: KEY, a 10-digit Timestamp in seconds and a hex HMAC-SHA512 SIGN. */
    private static MappingBuilder signed(MappingBuilder request) {
        return request.withHeader("KEY", equalTo(API_KEY)).withHeader("Timestamp", matching("[0-9]{10}"))
                .withHeader("SIGN", matching("[0-9a-f]{128}"));
    }

    private void stubTicker() {
        venue.stubFor(get(urlPathEqualTo("/api/v4/spot/tickers")).withQueryParam("currency_pair", equalTo("BTC_USDT"))
                .willReturn(okJson(body("tickers-btc-usdt.json"))));
    }

    private MappingBuilder placementOf(OrderRequest request) {
        boolean limit = request.type() == OrderType.LIMIT;
        return signed(post(urlPathEqualTo(ORDERS)))
                .withRequestBody(matchingJsonPath("$.text", equalTo("t-" + request.clientOrderId())))
                .withRequestBody(matchingJsonPath("$.currency_pair", equalTo("BTC_USDT")))
                .withRequestBody(matchingJsonPath("$.account", equalTo("spot")))
                .withRequestBody(matchingJsonPath("$.side", equalTo("buy")))
                .withRequestBody(matchingJsonPath("$.amount", equalTo("0.0012")))
                // a market buy goes as a limit order across the book, immediate-or-cancel, for the base quantity
                .withRequestBody(matchingJsonPath("$.type", equalTo("limit")))
                .withRequestBody(matchingJsonPath("$.time_in_force", equalTo(limit ? "gtc" : "ioc")))
                .withRequestBody(matchingJsonPath("$.price", equalTo(limit ? "60000" : MARKET_BUY_CAP)));
    }

    private void stubPlacement(OrderRequest request, ResponseDefinitionBuilder response) {
        venue.stubFor(placementOf(request).willReturn(response));
    }

    /** Asking about the order: by the id Gate answered the placement with, or by its text id. */
    private void stubQuery(String clientOrderId, String orderId, String body) {
        venue.stubFor(signed(get(urlPathMatching(ORDERS + "/(" + orderId + "|t-" + Pattern.quote(clientOrderId) + ")")))
                .withQueryParam("currency_pair", equalTo("BTC_USDT")).willReturn(okJson(body)));
    }

    private void stubTrades(String clientOrderId) {
        venue.stubFor(signed(get(urlPathEqualTo("/api/v4/spot/my_trades")))
                .withQueryParam("currency_pair", equalTo("BTC_USDT")).withQueryParam("order_id", equalTo(MARKET_ORDER_ID))
                .willReturn(okJson(body("my-trades.json").replace("pyra-7-0-0-e", clientOrderId))));
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String marketFilled(String clientOrderId) {
        return body("order-market-filled.json").replace("pyra-7-0-0-e", clientOrderId);
    }

    private static OrderReport filled(String clientOrderId) {
        return new OrderReport(clientOrderId, MARKET_ORDER_ID, "BTC_USDT", Side.BUY, OrderType.MARKET, OrderStatus.FILLED, null,
                new BigDecimal("0.0012"), new BigDecimal("0.0012"), List.of(
                        new Fill("14820463715", new BigDecimal("91234.5"), new BigDecimal("0.0007"), new BigDecimal("0.0000007"), "BTC",
                                FILLED_AT.plusNanos(204_000)),
                        new Fill("14820463716", new BigDecimal("91234.6"), new BigDecimal("0.0005"), new BigDecimal("0.0000005"), "BTC",
                                FILLED_AT.plusNanos(209_000))),
                FILLED_AT);
    }

    private static String body(String name) {
        try (InputStream in = GateioConnectorContractTest.class.getResourceAsStream("/gateio/stubs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no stub body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
