package dev.pyra.plugins.okx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import org.junit.jupiter.api.Test;

/** OKX spot against WireMock serving OKX's own v5 response formats. */
class OkxConnectorContractTest extends ConnectorContract {
    private static final Instant FILLED_AT = Instant.ofEpochMilli(1763975412871L);
    private static final Instant RESTING_SINCE = Instant.ofEpochMilli(1763975470113L);
    private static final String MARKET_ORDER_ID = "3017326484512325632";
    private static final String LIMIT_ORDER_ID = "3017328437741371392";

    @Override
    protected ExchangeConnectorFactory factory() {
        return new OkxConnectorFactory();
    }

    @Override
    protected String symbol() {
        return "BTC-USDT";
    }

    @Override
    protected SymbolRules stubRules() {
        venue.stubFor(get(urlPathEqualTo("/api/v5/public/instruments")).withQueryParam("instType", equalTo("SPOT"))
                .willReturn(okJson(body("../public-instruments-spot.json"))));
        return SymbolRules.builder("BTC-USDT", "BTC", "USDT").trading(true)
                .tickSize(new BigDecimal("0.1"))
                .stepSize(new BigDecimal("0.00000001")).quantityRange(new BigDecimal("0.00001"), new BigDecimal("9999999999"))
                .marketQuantityRange(null, new BigDecimal("1000000"))
                .notionalRange(null, new BigDecimal("1000000"))
                .build();
    }

    @Override
    protected List<Balance> stubBalances() {
        venue.stubFor(signedGet("/api/v5/account/balance").willReturn(okJson(body("account-balance.json"))));
        // OKB is listed at zero: an empty balance is not reported
        return List.of(new Balance("BTC", new BigDecimal("0.01234"), new BigDecimal("0.0012")),
                new Balance("USDT", new BigDecimal("2480.517362"), new BigDecimal("72")));
    }

    @Override
    protected BigDecimal stubLastPrice() {
        venue.stubFor(get(urlPathEqualTo("/api/v5/market/tickers")).withQueryParam("instType", equalTo("SPOT"))
                .willReturn(okJson(body("market-tickers-spot.json"))));
        return new BigDecimal("91234.5");
    }

    @Override
    protected OrderReport stubMarketBuyFilled(OrderRequest request) {
        stubPlacement(request, okJson(forOrder("order-market-ack.json", "P7X0X0Xe", request)));
        stubMarketFilledQueries(request);
        return filled(request.clientOrderId());
    }

    @Override
    protected OrderReport stubLimitBuyResting(OrderRequest request) {
        stubPlacement(request, okJson(forOrder("order-limit-ack.json", "P7X0X1Xb", request)));
        stubQuery(request, forOrder("order-limit-live.json", "P7X0X1Xb", request));
        return limit(request.clientOrderId(), OrderStatus.NEW);
    }

    @Override
    protected OrderReport stubCancelled(OrderRequest restingLimit) {
        venue.stubFor(signedPost("/api/v5/trade/cancel-order")
                .withRequestBody(equalToJson("{\"instId\":\"BTC-USDT\",\"clOrdId\":\"" + venueId(restingLimit) + "\"}"))
                .willReturn(okJson(forOrder("cancel-ack.json", "P7X0X1Xb", restingLimit))));
        stubQuery(restingLimit, forOrder("order-limit-canceled.json", "P7X0X1Xb", restingLimit));
        return limit(restingLimit.clientOrderId(), OrderStatus.CANCELED);
    }

    @Override
    protected OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay) {
        stubPlacement(request, okJson(forOrder("order-market-ack.json", "P7X0X0Xe", request)).withFixedDelay((int) delay.toMillis()));
        stubMarketFilledQueries(request);
        return filled(request.clientOrderId());
    }

    @Override
    protected void stubUnknownOrder(OrderRequest request) {
        stubQuery(request, body("error-order-not-exist.json"));
    }

    @Override
    protected void stubRefusal(ErrorKind kind, OrderRequest request) {
        ResponseDefinitionBuilder refusal = switch (kind) {
            case INSUFFICIENT_BALANCE -> okJson(forOrder("error-insufficient-balance.json", "P7X0X5Xe", request));
            case PRECISION -> okJson(forOrder("error-lot-size.json", "P7X0X5Xe", request));
            case UNKNOWN_SYMBOL -> okJson(body("error-instrument.json"));
            case AUTH -> aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(body("error-auth.json"));
            default -> throw new IllegalArgumentException(kind.name());
        };
        stubPlacement(request, refusal);
    }

    @Override
    protected void stubRateLimitedOnce(OrderRequest request, Duration retryAfter) {
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", Long.toString(retryAfter.toSeconds()))
                        .withHeader("Content-Type", "application/json").withBody(body("error-rate-limit.json")))
                .willSetStateTo("served"));
        venue.stubFor(placement(request).inScenario("limit").whenScenarioStateIs("served")
                .willReturn(okJson(forOrder("order-market-ack.json", "P7X0X0Xe", request))));
        stubMarketFilledQueries(request);
    }

    @Override
    protected RequestPatternBuilder placements() {
        return postRequestedFor(urlPathEqualTo("/api/v5/trade/order"));
    }

    // ---- OKX specifics beyond the kit ----------------------------------------------------

    @Test
    void requestsAreSignedAsOkxDocumentsIt() {
        stubBalances();
        connector().balances();
        OrderRequest request = marketBuy("pyra-7-0-8-e");
        stubMarketBuyFilled(request);
        connector().placeOrder(request);

        LoggedRequest get = venue.findAll(getRequestedFor(urlPathEqualTo("/api/v5/account/balance"))).getFirst();
        LoggedRequest post = venue.findAll(placements()).getFirst();
        for (LoggedRequest sent : List.of(get, post)) {
            String timestamp = sent.getHeader("OK-ACCESS-TIMESTAMP");
            assertThat(timestamp).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            String body = sent.getBodyAsString();
            assertThat(sent.getHeader("OK-ACCESS-SIGN"))
                    .isEqualTo(Signing.hmacSha256Base64(API_SECRET, timestamp + sent.getMethod().getName() + sent.getUrl() + body));
            assertThat(sent.getHeader("OK-ACCESS-PASSPHRASE")).isEqualTo(PASSPHRASE);
            assertThat(sent.containsHeader("x-simulated-trading")).as("live trading unless testnet").isFalse();
        }
    }

    @Test
    void pyraClientOrderIdsTravelAsOkxClOrdIdsAndBack() {
        assertThat(OkxClientIds.toVenue("pyra-12-0-3-e")).isEqualTo("P12X0X3Xe");
        assertThat(OkxClientIds.fromVenue("P12X0X3Xe")).isEqualTo("pyra-12-0-3-e");
        String longest = "pyra-1234567890123456789-12-3-e12345"; // 36 characters
        assertThat(OkxClientIds.toVenue(longest)).hasSizeLessThanOrEqualTo(32).matches("[A-Za-z0-9]+");
        assertThat(OkxClientIds.fromVenue(OkxClientIds.toVenue(longest))).isEqualTo(longest);
        assertThat(OkxClientIds.fromVenue("myOwnOrder7")).as("an id set outside Pyra is kept").isEqualTo("myOwnOrder7");
        assertThat(OkxClientIds.fromVenue("")).isEmpty();
    }

    @Test
    void withoutKeysSignedCallsAreRefusedAndPublicOnesWorkOnTheDemoAccount() {
        ExchangeConnector demo = factory().create(new ConnectorConfig("okx",
                Map.of("baseUrl", venue.baseUrl(), "timeoutMillis", TIMEOUT.toMillis(), "testnet", true)), null);
        venue.stubFor(get(urlPathEqualTo("/api/v5/market/tickers")).withHeader("x-simulated-trading", equalTo("1"))
                .withHeader("OK-ACCESS-KEY", absent()).willReturn(okJson(body("market-tickers-spot.json"))));
        assertThat(demo.lastPrices(List.of("BTC-USDT", "SOL-USDT"))).extracting(t -> t.symbol() + " " + t.price().toPlainString())
                .containsExactlyInAnyOrder("BTC-USDT 91234.5", "SOL-USDT 137.92");
        assertThatThrownBy(demo::balances).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.venueCode()).isEqualTo("no-key");
        });
        assertThatThrownBy(() -> demo.placeOrder(marketBuy("pyra-7-0-9-e"))).isInstanceOf(ExchangeException.class);
        assertThat(venue.findAll(placements())).isEmpty();
    }

    @Test
    void aRateLimitCodeInAnOkAnswerIsTypedAndHoldsTheNextRequest() {
        OrderRequest request = marketBuy("pyra-7-0-10-e");
        venue.stubFor(placement(request).willReturn(okJson(body("error-rate-limit.json"))));
        assertThatThrownBy(() -> connector().placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
        venue.stubFor(signedGet("/api/v5/account/balance").willReturn(okJson(body("account-balance.json"))));
        long start = System.nanoTime();
        connector().balances();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(OkxErrors.RATE_LIMIT_PAUSE.minusMillis(100));
    }

    // ---- OKX's bodies --------------------------------------------------------------------

    private static String venueId(OrderRequest request) {
        return OkxClientIds.toVenue(request.clientOrderId());
    }

    private MappingBuilder signedGet(String path) {
        return get(urlPathEqualTo(path)).withHeader("OK-ACCESS-KEY", equalTo(API_KEY))
                .withHeader("OK-ACCESS-PASSPHRASE", equalTo(PASSPHRASE)).withHeader("OK-ACCESS-SIGN", matching(".+"))
                .withHeader("OK-ACCESS-TIMESTAMP", matching(".+"));
    }

    private MappingBuilder signedPost(String path) {
        return post(urlPathEqualTo(path)).withHeader("OK-ACCESS-KEY", equalTo(API_KEY))
                .withHeader("OK-ACCESS-PASSPHRASE", equalTo(PASSPHRASE)).withHeader("OK-ACCESS-SIGN", matching(".+"))
                .withHeader("OK-ACCESS-TIMESTAMP", matching(".+")).withHeader("Content-Type", equalTo("application/json"));
    }

    /** The order exactly as OKX must receive it: cash spot, clOrdId translated, a market buy in base currency. */
    private MappingBuilder placement(OrderRequest request) {
        String side = request.side() == Side.BUY ? "buy" : "sell";
        String order = request.type() == OrderType.MARKET
                ? "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"%s\",\"side\":\"%s\",\"ordType\":\"market\",\"tgtCcy\":\"base_ccy\",\"sz\":\"0.0012\"}"
                        .formatted(venueId(request), side)
                : "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"%s\",\"side\":\"%s\",\"ordType\":\"limit\",\"px\":\"60000\",\"sz\":\"0.0012\"}"
                        .formatted(venueId(request), side);
        return signedPost("/api/v5/trade/order").withRequestBody(equalToJson(order));
    }

    private void stubPlacement(OrderRequest request, ResponseDefinitionBuilder response) {
        venue.stubFor(placement(request).willReturn(response));
    }

    private void stubQuery(OrderRequest request, String body) {
        venue.stubFor(signedGet("/api/v5/trade/order").withQueryParam("instId", equalTo("BTC-USDT"))
                .withQueryParam("clOrdId", equalTo(venueId(request))).withQueryParam("ordId", absent()).willReturn(okJson(body)));
    }

    private void stubMarketFilledQueries(OrderRequest request) {
        stubQuery(request, forOrder("order-market-filled.json", "P7X0X0Xe", request));
        venue.stubFor(signedGet("/api/v5/trade/fills").withQueryParam("instType", equalTo("SPOT"))
                .withQueryParam("instId", equalTo("BTC-USDT")).withQueryParam("ordId", equalTo(MARKET_ORDER_ID))
                .willReturn(okJson(forOrder("fills-market.json", "P7X0X0Xe", request))));
    }

    /** A stub body recorded for one order, given this request's clOrdId. */
    private static String forOrder(String name, String recordedClOrdId, OrderRequest request) {
        return body(name).replace("\"" + recordedClOrdId + "\"", "\"" + venueId(request) + "\"");
    }

    private static OrderReport filled(String clientOrderId) {
        return new OrderReport(clientOrderId, MARKET_ORDER_ID, "BTC-USDT", Side.BUY, OrderType.MARKET, OrderStatus.FILLED, null,
                new BigDecimal("0.0012"), new BigDecimal("0.0012"), List.of(
                        new Fill("839571123", new BigDecimal("91234.5"), new BigDecimal("0.0007"), new BigDecimal("0.0000007"), "BTC", FILLED_AT),
                        new Fill("839571124", new BigDecimal("91234.6"), new BigDecimal("0.0005"), new BigDecimal("0.0000005"), "BTC", FILLED_AT)),
                FILLED_AT);
    }

    private static OrderReport limit(String clientOrderId, OrderStatus status) {
        return new OrderReport(clientOrderId, LIMIT_ORDER_ID, "BTC-USDT", Side.BUY, OrderType.LIMIT, status, new BigDecimal("60000"),
                new BigDecimal("0.0012"), BigDecimal.ZERO, List.of(), RESTING_SINCE);
    }

    private static String body(String name) {
        try (InputStream in = OkxConnectorContractTest.class.getResourceAsStream("/okx/stubs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no stub body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
