package dev.pyra.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
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
import dev.pyra.api.exchange.Placement;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every exchange connector passes. A venue's test extends this class and stubs its
 * venue in the venue's <em>real</em> response formats: each {@code stub…} method sets WireMock up
 * for one situation and returns what the connector must make of it. The kit creates the connector
 * from its plugin's factory, as the host does, pointed at the stub ({@code baseUrl}), with a short
 * request timeout ({@link #TIMEOUT}) and the kit's keys.
 *
 * <p>What it checks: symbol rules, balances and last prices mapped; a market order's round trip
 * with its fills and fees; a resting limit order and its cancel; an order unknown to the venue;
 * a placement that times out after reaching the venue is found by client order id and not placed
 * again (through the host's own {@link Placement} policy); venue errors typed, with the venue's
 * code kept and no secret in the message; a venue's rate-limit answer holding the next request for
 * its {@code Retry-After}; a venue that is down or resets the connection reported as transient.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectorContract {
    /** The connector's request timeout under the kit: short, so the timeout test is quick, yet loose enough for a loaded CI box. */
    protected static final Duration TIMEOUT = Duration.ofMillis(2000);
    protected static final String API_KEY = "kit-api-key-0123456789";
    protected static final String API_SECRET = "kit-api-secret-never-in-a-message";
    protected static final String PASSPHRASE = "kit-passphrase";

    /** The kit's canonical orders on {@link #symbol()}: 0.0012 BTC, the limit at 60,000. */
    protected static final BigDecimal QUANTITY = new BigDecimal("0.0012");
    protected static final BigDecimal LIMIT_PRICE = new BigDecimal("60000");

    protected WireMockServer venue;
    private ExchangeConnector connector;

    // ---- what a venue's test provides --------------------------------------------------------

    /** The plugin's factory, as PF4J would hand it to the host. */
    protected abstract ExchangeConnectorFactory factory();

    /** BTC/USDT as the venue writes it. */
    protected abstract String symbol();

    /** Stubs the symbol-rules endpoint(s); returns the rules {@link #symbol()} must map to. */
    protected abstract SymbolRules stubRules();

    /** Stubs the account's balances; returns them as the connector must report them. */
    protected abstract List<Balance> stubBalances();

    /** Stubs public last prices; returns {@link #symbol()}'s. */
    protected abstract BigDecimal stubLastPrice();

    /** Stubs placing this market buy and asking about it: it fills at once, with fees. */
    protected abstract OrderReport stubMarketBuyFilled(OrderRequest request);

    /** Stubs placing this limit buy and asking about it: it rests unfilled. */
    protected abstract OrderReport stubLimitBuyResting(OrderRequest request);

    /** Stubs cancelling that resting limit buy (and asking about it afterwards). */
    protected abstract OrderReport stubCancelled(OrderRequest restingLimit);

    /**
     * Stubs a placement that answers only after {@code delay} (longer than the connector waits)
     * although the order did reach the venue: asking by client order id finds it.
     */
    protected abstract OrderReport stubPlacementTimesOutButLands(OrderRequest request, Duration delay);

    /** Stubs asking about an order the venue never received, in the venue's words. */
    protected abstract void stubUnknownOrder(OrderRequest request);

    /**
     * Stubs the venue refusing this order for this reason, with its real error body.
     * Kinds asked: {@link ErrorKind#INSUFFICIENT_BALANCE}, {@link ErrorKind#PRECISION},
     * {@link ErrorKind#UNKNOWN_SYMBOL}, {@link ErrorKind#AUTH}.
     */
    protected abstract void stubRefusal(ErrorKind kind, OrderRequest request);

    /**
     * Stubs the venue answering the first placement with its rate-limit response, telling the
     * client to wait {@code retryAfter}; the next placement fills as in {@link #stubMarketBuyFilled}.
     */
    protected abstract void stubRateLimitedOnce(OrderRequest request, Duration retryAfter);

    /** The requests that place an order on this venue. */
    protected abstract RequestPatternBuilder placements();

    /** Extra settings for the connector (the kit sets baseUrl, timeoutMillis and keys). */
    protected Map<String, Object> settings() {
        return Map.of();
    }

    // ---- the kit's canonical orders ------------------------------------------------------

    protected OrderRequest marketBuy(String clientOrderId) {
        return OrderRequest.market(clientOrderId, symbol(), Side.BUY, QUANTITY);
    }

    protected OrderRequest limitBuy(String clientOrderId) {
        return OrderRequest.limit(clientOrderId, symbol(), Side.BUY, QUANTITY, LIMIT_PRICE);
    }

    // ---- life cycle ------------------------------------------------------------------------

    @BeforeAll
    void startVenue() {
        venue = new WireMockServer(options().dynamicPort());
        venue.start();
        // the first request to a fresh stub server is slow (class loading, JIT): not the connector's first
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(venue.baseUrl() + "/__admin/mappings")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    void stopVenue() {
        venue.stop();
    }

    @BeforeEach
    void connect() {
        venue.resetAll();
        Map<String, Object> settings = new LinkedHashMap<>(settings());
        settings.put("baseUrl", venue.baseUrl());
        settings.put("timeoutMillis", TIMEOUT.toMillis());
        settings.put("apiKey", API_KEY);
        settings.put("apiSecret", API_SECRET);
        settings.put("passphrase", PASSPHRASE);
        ExchangeConnectorFactory factory = factory();
        connector = factory.create(new ConnectorConfig(factory.venue(), settings), new RecordingContext());
        stubRules();
        connector.symbolRules(); // connectors may learn symbol names from the rules first
        venue.resetRequests();
    }

    @AfterEach
    void disconnect() {
        connector.close();
    }

    protected ExchangeConnector connector() {
        return connector;
    }

    // ---- the contract ----------------------------------------------------------------------

    @Test
    void symbolRulesAreMapped() {
        SymbolRules expected = stubRules();
        List<SymbolRules> rules = connector.symbolRules();
        assertThat(rules).as("rules of every listed symbol").hasSizeGreaterThan(1);
        assertThat(rules).filteredOn(r -> r.symbol().equals(symbol())).singleElement().usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(expected);
        assertThat(rules).filteredOn(SymbolRules::trading).allSatisfy(r -> {
            assertThat(r.tickSize()).as(r.symbol() + " tick").isNotNull().isPositive();
            assertThat(r.stepSize()).as(r.symbol() + " step").isNotNull().isPositive();
        });
    }

    @Test
    void balancesAreMapped() {
        List<Balance> expected = stubBalances();
        assertThat(connector.balances()).usingRecursiveFieldByFieldElementComparator(decimals())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void lastPricesAreMapped() {
        BigDecimal expected = stubLastPrice();
        List<PriceTick> ticks = connector.lastPrices(List.of(symbol()));
        assertThat(ticks).filteredOn(t -> t.symbol().equals(symbol())).singleElement()
                .satisfies(t -> assertThat(t.price()).isEqualByComparingTo(expected));
    }

    @Test
    void aMarketOrderRoundTripsWithItsFillsAndFees() {
        OrderRequest request = marketBuy("pyra-7-0-0-e");
        OrderReport expected = stubMarketBuyFilled(request);
        OrderReport placed = connector.placeOrder(request);
        assertReport(placed, expected);
        assertThat(placed.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(placed.fills()).isNotEmpty();
        assertThat(placed.fills().stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("fills add up to the executed quantity").isEqualByComparingTo(placed.executedQuantity());
        assertReport(connector.orderStatus(symbol(), request.clientOrderId()).orElseThrow(), expected);
        assertThat(venue.findAll(placements())).hasSize(1);
    }

    @Test
    void aLimitOrderRestsAndIsCancelled() {
        OrderRequest request = limitBuy("pyra-7-0-1-b");
        OrderReport resting = stubLimitBuyResting(request);
        OrderReport placed = connector.placeOrder(request);
        assertReport(placed, resting);
        assertThat(placed.status()).isEqualTo(OrderStatus.NEW);
        assertThat(placed.price()).isEqualByComparingTo(LIMIT_PRICE);
        assertReport(connector.orderStatus(symbol(), request.clientOrderId()).orElseThrow(), resting);

        OrderReport cancelled = stubCancelled(request);
        OrderReport answer = connector.cancelOrder(symbol(), request.clientOrderId());
        assertReport(answer, cancelled);
        assertThat(answer.status()).isEqualTo(OrderStatus.CANCELED);
    }

    @Test
    void anOrderTheVenueNeverReceivedIsUnknown() {
        OrderRequest request = marketBuy("pyra-7-0-3-e");
        stubUnknownOrder(request);
        assertThat(connector.orderStatus(symbol(), request.clientOrderId())).isEmpty();
    }

    @Test
    void aPlacementThatTimesOutAfterReachingTheVenueIsFoundByClientIdAndNotPlacedAgain() {
        OrderRequest request = marketBuy("pyra-7-0-4-e");
        OrderReport landed = stubPlacementTimesOutButLands(request, TIMEOUT.plusMillis(1000));
        assertThatThrownBy(() -> connector.placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind().isTransient()).as("a timeout is transient, never a refusal: " + e.kind()).isTrue());
        venue.resetRequests();

        Placement.Outcome outcome = new Placement(3, Duration.ofMillis(10), d -> {}).place(connector, request);

        assertThat(outcome).isInstanceOfSatisfying(Placement.Placed.class, placed -> assertReport(placed.report(), landed));
        assertThat(venue.findAll(placements())).as("placements after the host's retry").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"INSUFFICIENT_BALANCE", "PRECISION", "UNKNOWN_SYMBOL", "AUTH"})
    void venueErrorsAreTypedWithTheVenuesCodeKept(ErrorKind kind) {
        OrderRequest request = marketBuy("pyra-7-0-5-e");
        stubRefusal(kind, request);
        Placement.Outcome outcome = new Placement(3, Duration.ofMillis(10), d -> {}).place(connector, request);
        assertThat(outcome).isInstanceOfSatisfying(Placement.Refused.class, refused -> {
            ExchangeException error = refused.error();
            assertThat(error.kind()).isEqualTo(kind);
            assertThat(error.venueCode()).isNotBlank();
            assertThat(error.venueMessage()).isNotBlank();
            assertThat(error.getMessage()).doesNotContain(API_SECRET).doesNotContain(API_KEY);
        });
        assertThat(venue.findAll(placements())).as("a refusal is not retried").hasSize(1);
    }

    @Test
    void aRateLimitAnswerHoldsTheNextRequestForTheVenuesRetryAfter() {
        Duration retryAfter = Duration.ofSeconds(1);
        OrderRequest request = marketBuy("pyra-7-0-6-e");
        stubRateLimitedOnce(request, retryAfter);
        assertThatThrownBy(() -> connector.placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));

        OrderReport placed = connector.placeOrder(request);

        assertThat(placed.status()).isEqualTo(OrderStatus.FILLED);
        List<LoggedRequest> sent = venue.findAll(placements());
        assertThat(sent).hasSize(2);
        long gap = sent.get(1).getLoggedDate().getTime() - sent.get(0).getLoggedDate().getTime();
        assertThat(gap).as("ms between the rate-limited request and the next").isGreaterThanOrEqualTo(retryAfter.toMillis() - 50);
    }

    @Test
    void aVenueThatIsDownOrResetsTheConnectionIsATransientError() {
        OrderRequest request = marketBuy("pyra-7-0-7-e");
        venue.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")));
        assertThatThrownBy(() -> connector.placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.VENUE_UNAVAILABLE));
        venue.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> connector.placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind().isTransient()).isTrue());
    }

    @Test
    void aBanAnswerHoldsTheNextRequestForItsRetryAfter() {
        // 418: the venue bans the address for a while (Binance after ignored 429s); others answer their own way, but a
        // client that keeps sending through a ban is banned longer: nothing goes out before Retry-After
        OrderRequest request = marketBuy("pyra-7-0-8-e");
        var ban = venue.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(418).withHeader("Retry-After", "2")
                .withHeader("Content-Type", "application/json").withBody("{\"code\":-1003,\"msg\":\"Way too many requests; IP banned\"}")));
        assertThatThrownBy(() -> connector.placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
        if (saysItsCondition()) {
            assertThat(connector.condition()).as("the status console's word on the ban").hasValueSatisfying(said ->
                    assertThat(said).contains("paused").contains("UTC"));
        }
        venue.removeStub(ban);
        stubMarketBuyFilled(request);

        OrderReport placed = connector.placeOrder(request);

        assertThat(placed.status()).isEqualTo(OrderStatus.FILLED);
        // whatever the connector asks next (placing again, or first asking about the order), it waits out the ban
        long banned = venue.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 418)
                .mapToLong(e -> e.getRequest().getLoggedDate().getTime()).max().orElseThrow();
        long next = venue.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())).stream().mapToLong(r -> r.getLoggedDate().getTime()).filter(t -> t > banned).min()
                .orElseThrow();
        assertThat(next - banned).as("ms between the banned request and the next").isGreaterThanOrEqualTo(1_950);
        assertThat(venue.findAll(placements())).as("placed at most once more").hasSizeLessThanOrEqualTo(2);
        if (saysItsCondition()) {
            assertThat(connector.condition()).as("once the ban is over").isEmpty();
        }
    }

    @Test
    void aBurstOfServerErrorsIsTransientAndTheOrderGoesThroughAfterIt() {
        OrderRequest request = marketBuy("pyra-7-0-9-e");
        for (int status : new int[] {500, 502, 503, 504}) {
            var failing = venue.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(status).withBody("upstream " + status)));
            assertThatThrownBy(() -> connector.placeOrder(request)).as("HTTP %d", status).isInstanceOfSatisfying(ExchangeException.class,
                    e -> assertThat(e.kind().isTransient()).as("%s after HTTP %d", e.kind(), status).isTrue());
            venue.removeStub(failing);
        }
        stubMarketBuyFilled(request);
        assertThat(connector.placeOrder(request).status()).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void aMalformedAnswerIsATransientVenueErrorNeverACrash() {
        // the order may have landed: the answer could not be read, so it is asked about again later, never assumed refused.
        // Valid JSON empty of meaning ({}, [], null: a proxy or a venue mid-deploy) is no acknowledgement either
        OrderRequest request = marketBuy("pyra-7-0-10-e");
        for (String body : List.of("{\"orderId\": 12", "<html><body>502 Bad Gateway</body></html>", "", "{}", "[]", "null")) {
            var malformed = venue.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body)));
            assertThatThrownBy(() -> connector.placeOrder(request)).as("body '%s'", body).isInstanceOfSatisfying(ExchangeException.class,
                    e -> assertThat(e.kind().isTransient()).as("%s after body '%s'", e.kind(), body).isTrue());
            // unreadable is not "unknown": an order taken for never placed would be placed twice
            assertThatThrownBy(() -> connector.orderStatus(symbol(), request.clientOrderId())).as("status, body '%s'", body)
                    .isInstanceOf(ExchangeException.class);
            venue.removeStub(malformed);
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** {@code condition()} is optional: a connector that keeps the default says nothing, and is not asked to. */
    private boolean saysItsCondition() {
        try {
            return connector.getClass().getMethod("condition").getDeclaringClass() != dev.pyra.api.exchange.ExchangeConnector.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as the venue's stub says it must be: same order, status, quantities, fills and fees. */
    protected static void assertReport(OrderReport actual, OrderReport expected) {
        assertThat(actual).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .ignoringFields("updatedAt").isEqualTo(expected);
    }

    private static org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration decimals() {
        return org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build();
    }


}
