package dev.pyra.launcher;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real venue's connector (Binance's plugin) against a WireMock stub in Binance's formats: paper
 * trading on its live prices, and switching it to testnet in config taking effect on apply.
 */
class LiveVenueTest {
    private static final String EXCHANGE_INFO = """
            {"timezone":"UTC","serverTime":1763975412000,"rateLimits":[],"exchangeFilters":[],"symbols":[
             {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8,
              "quoteAssetPrecision":8,"orderTypes":["LIMIT","MARKET"],"isSpotTradingAllowed":true,"filters":[
               {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
               {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
               {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000",
                "applyMaxToMarket":false,"avgPriceMins":5}]},
             {"symbol":"ETHUSDT","status":"TRADING","baseAsset":"ETH","baseAssetPrecision":8,"quoteAsset":"USDT","quotePrecision":8,
              "quoteAssetPrecision":8,"orderTypes":["LIMIT","MARKET"],"isSpotTradingAllowed":true,"filters":[
               {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
               {"filterType":"LOT_SIZE","minQty":"0.00010000","maxQty":"9000.00000000","stepSize":"0.00010000"},
               {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000",
                "applyMaxToMarket":false,"avgPriceMins":5}]}]}""";

    @TempDir
    Path dataDir;
    private final WireMockServer binance = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void startBinance() {
        binance.start();
        binance.stubFor(get(urlPathEqualTo("/api/v3/exchangeInfo")).willReturn(okJson(EXCHANGE_INFO)));
    }

    @AfterEach
    void stopBinance() {
        binance.stop();
    }

    private void binancePrice(String price) {
        binance.stubFor(get(urlPathEqualTo("/api/v3/ticker/price")).withQueryParam("symbols", equalTo("[\"BTCUSDT\"]"))
                .willReturn(okJson("[{\"symbol\":\"BTCUSDT\",\"price\":\"" + price + "\"}]")));
    }

    @Test
    void paperTradesOnAnotherVenuesLivePricesWithoutKeys() throws Exception {
        binancePrice("90950.00");
        Files.writeString(dataDir.resolve("config.json"), """
                {"exchanges": {"paper": {"priceSource": "binance", "pricePollSeconds": 1},
                               "binance": {"enabled": false, "baseUrl": "%s"}},
                 "engine": {"maxPyramids": 5, "capitalPerPyramid": "500", "entryOrder": "limit",
                            "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                            "layers": [{"gapPercent": "0", "weightPercent": "100", "tpPercent": "1"}]}}""".formatted(binance.baseUrl()));
        try (Scenario s = new Scenario(RunningPyra.start(dataDir))) {
            s.buy("BTCUSDT", "91000");
            // the group's symbol is watched: Binance's last price reaches the paper market, which fills the limit entry
            // (the simulator's fill and the tick reach the engine as two events: wait for both)
            JsonNode group = s.await(1, g -> "tp-open".equals(g.at("/pyramids/0/legs/0/state").asString()) && g.get("lastPrice").isString());
            assertThat(new java.math.BigDecimal(group.get("lastPrice").asString())).isEqualByComparingTo("90950");

            binancePrice("92000.00"); // above the take-profit (fill × 1.01)
            group = s.await(1, g -> "closed".equals(g.get("status").asString()));
            assertThat(new java.math.BigDecimal(group.get("realizedPnl").asString())).isPositive();
            binance.verify(getRequestedFor(urlPathEqualTo("/api/v3/ticker/price")).withoutHeader("X-MBX-APIKEY"));
        }
    }

    @Test
    void aVenueWithoutAKeyServesPricesAndIsLeftOutOfTheEquity() throws Exception {
        // Binance on, without a key, beside the paper venue: the paper account is still the equity
        Files.writeString(dataDir.resolve("config.json"), """
                {"exchanges": {"paper": {"startingBalances": {"USDT": "7500"}}, "binance": {"enabled": true, "baseUrl": "%s"}}}"""
                .formatted(binance.baseUrl()));
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pyra.get("/api/v1/stats").json().get("capital").asString(),
                    capital -> new java.math.BigDecimal(capital).compareTo(new java.math.BigDecimal("7500")) == 0);
            binance.verify(0, getRequestedFor(urlPathEqualTo("/api/v3/account")));
        }
    }

    @Test
    void switchingAVenueToTestnetTakesEffectOnApply() {
        try {
            Files.writeString(dataDir.resolve("config.json"), """
                    {"exchanges": {"binance": {"enabled": true, "baseUrl": "%s", "apiKey": "k-123", "apiSecret": "s-456"}}}"""
                    .formatted(binance.baseUrl()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            JsonNode entry = binanceEntry(pyra);
            assertThat(entry.get("network").asString()).isEqualTo("mainnet");
            assertThat(entry.get("running").asBoolean()).isTrue();
            assertThat(entry.get("plugin").asString()).isNotBlank();
            int rulesLoads = binance.findAll(getRequestedFor(urlPathEqualTo("/api/v3/exchangeInfo"))).size();

            ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
            ((ObjectNode) config.at("/exchanges/binance")).put("testnet", true);
            RunningPyra.Response applied = pyra.put("/api/v1/config", config.toString());

            assertThat(applied.status()).isEqualTo(200);
            assertThat(applied.json().get("restartRequired").asBoolean()).as(applied.body()).isFalse();
            assertThat(binanceEntry(pyra).get("network").asString()).isEqualTo("testnet");
            assertThat(binance.findAll(getRequestedFor(urlPathEqualTo("/api/v3/exchangeInfo"))))
                    .as("the new connection loaded its rules").hasSizeGreaterThan(rulesLoads);
            assertThat(pyra.get("/api/v1/venues").body()).contains("\"network\":\"testnet\"");
            assertThat(pyra.get("/api/v1/config").body()).doesNotContain("s-456").doesNotContain("k-123");
        }
    }

    /** A market buy as Binance answers it (FULL), echoing the order's client id and quantity. */
    private static final String MARKET_FILLED = """
            {{formData request.body 'form' urlDecode=true}}{"symbol":"BTCUSDT","orderId":52880000001,"orderListId":-1,
             "clientOrderId":"{{form.newClientOrderId}}","transactTime":1763975412871,"price":"0.00000000",
             "origQty":"{{form.quantity}}","executedQty":"{{form.quantity}}","cummulativeQuoteQty":"0","status":"FILLED",
             "timeInForce":"GTC","type":"MARKET","side":"{{form.side}}","workingTime":1763975412871,
             "fills":[{"price":"91000.00000000","qty":"{{form.quantity}}","commission":"0.05000000","commissionAsset":"USDT",
                       "tradeId":5301500001}],"selfTradePreventionMode":"EXPIRE_MAKER"}""";
    /** A limit order as Binance answers it when it rests (FULL, no fills). */
    private static final String LIMIT_NEW = """
            {{formData request.body 'form' urlDecode=true}}{"symbol":"BTCUSDT","orderId":52880000002,"orderListId":-1,
             "clientOrderId":"{{form.newClientOrderId}}","transactTime":1763975413001,"price":"{{form.price}}",
             "origQty":"{{form.quantity}}","executedQty":"0.00000000","cummulativeQuoteQty":"0.00000000","status":"NEW",
             "timeInForce":"GTC","type":"LIMIT","side":"{{form.side}}","workingTime":1763975413001,"fills":[],
             "selfTradePreventionMode":"EXPIRE_MAKER"}""";

    @Test
    void theEngineTradesOnBinanceAndLearnsOfARestingLegsFillByAskingTheVenue() throws Exception {
        binancePrice("91000.00");
        binance.stubFor(get(urlPathEqualTo("/api/v3/account")).willReturn(okJson(
                "{\"canTrade\":true,\"balances\":[{\"asset\":\"USDT\",\"free\":\"5000.00000000\",\"locked\":\"0.00000000\"}]}")));
        binance.stubFor(post(urlPathEqualTo("/api/v3/order")).withRequestBody(containing("type=MARKET"))
                .willReturn(okJson(MARKET_FILLED).withTransformers("response-template")));
        binance.stubFor(post(urlPathEqualTo("/api/v3/order")).withRequestBody(containing("type=LIMIT"))
                .willReturn(okJson(LIMIT_NEW).withTransformers("response-template")));
        Files.writeString(dataDir.resolve("config.json"), """
                {"exchanges": {"paper": {"enabled": false},
                               "binance": {"baseUrl": "%s", "apiKey": "k-123", "apiSecret": "s-456",
                                           "orderPollSeconds": 1, "pricePollSeconds": 1}},
                 "engine": {"maxPyramids": 5, "capitalPerPyramid": "500", "entryOrder": "market",
                            "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                            "layers": [{"gapPercent": "0", "weightPercent": "60", "tpPercent": "1"},
                                       {"gapPercent": "1", "weightPercent": "40", "tpPercent": "1"}]}}""".formatted(binance.baseUrl()));
        try (Scenario s = new Scenario(RunningPyra.start(dataDir))) {
            RunningPyra.Response answer = s.pyra.webhook("""
                    {"secret":"%s","exchange":"binance","symbol":"BINANCE:BTCUSDT","timeframe":"60","action":"buy",
                     "type":"entry","price":"91000","id":"live-1"}""".formatted(RunningPyra.SECRET));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);

            // the entry fills at once; the DCA leg rests at 91000 × 0.99 = 90090
            JsonNode group = s.await(1, g -> "tp-open".equals(g.at("/pyramids/0/legs/0/state").asString())
                    && "open".equals(g.at("/pyramids/0/legs/1/state").asString()));
            assertThat(new java.math.BigDecimal(group.at("/pyramids/0/legs/0/averageFillPrice").asString())).isEqualByComparingTo("91000");
            assertThat(new java.math.BigDecimal(group.at("/pyramids/0/legs/1/price").asString())).isEqualByComparingTo("90090");
            String dcaId = group.at("/pyramids/0/legs/1/buyOrderId").asString();
            String dcaQuantity = group.at("/pyramids/0/legs/1/quantity").asString();

            // the market dips to 90,500 (below the leg's coming take-profit, so it stays open to be looked at)
            binancePrice("90500.00");
            s.await(1, g -> new java.math.BigDecimal(g.path("lastPrice").asString("0")).compareTo(new java.math.BigDecimal("90500")) == 0);

            // the venue fills the resting leg; nothing is pushed: the order poll asks and learns it
            binance.stubFor(get(urlPathEqualTo("/api/v3/order")).withQueryParam("origClientOrderId", equalTo(dcaId))
                    .willReturn(okJson("""
                            {"symbol":"BTCUSDT","orderId":52880000002,"orderListId":-1,"clientOrderId":"%s","price":"90090.00000000",
                             "origQty":"%s","executedQty":"%s","cummulativeQuoteQty":"0","status":"FILLED","timeInForce":"GTC",
                             "type":"LIMIT","side":"BUY","stopPrice":"0.00000000","icebergQty":"0.00000000","time":1763975413001,
                             "updateTime":1763975600000,"isWorking":true}""".formatted(dcaId, dcaQuantity, dcaQuantity))));
            binance.stubFor(get(urlPathEqualTo("/api/v3/myTrades")).withQueryParam("orderId", equalTo("52880000002"))
                    .willReturn(okJson("""
                            [{"symbol":"BTCUSDT","id":5301500077,"orderId":52880000002,"orderListId":-1,"price":"90090.00000000",
                              "qty":"%s","quoteQty":"0","commission":"0.03600000","commissionAsset":"USDT","time":1763975600000,
                              "isBuyer":true,"isMaker":true,"isBestMatch":true}]""".formatted(dcaQuantity))));
            group = s.await(1, g -> "tp-open".equals(g.at("/pyramids/0/legs/1/state").asString()));
            assertThat(new java.math.BigDecimal(group.at("/pyramids/0/legs/1/averageFillPrice").asString())).isEqualByComparingTo("90090");
            // its take-profit comes from its own fill: 90090 × 1.01
            assertThat(new java.math.BigDecimal(group.at("/pyramids/0/legs/1/tpTarget").asString())).isEqualByComparingTo("90990.9");

            // every order was placed once
            List<com.github.tomakehurst.wiremock.verification.LoggedRequest> placed = binance.findAll(postRequestedFor(urlPathEqualTo("/api/v3/order")));
            assertThat(placed).extracting(r -> formValue(r.getBodyAsString(), "newClientOrderId")).doesNotHaveDuplicates();
            // the entry and the DCA leg: per-leg take-profits are watched by Pyra and sold at market when reached
            assertThat(placed).hasSize(2);

            // an open group holds the venue to its network: the switch waits, and says why
            ObjectNode config = (ObjectNode) s.pyra.get("/api/v1/config").json();
            ((ObjectNode) config.at("/exchanges/binance")).put("testnet", true);
            RunningPyra.Response applied = s.pyra.put("/api/v1/config", config.toString());
            assertThat(applied.json().get("restartRequired").asBoolean()).isTrue();
            assertThat(applied.json().get("pending").toString()).contains("binance: has open groups");
            assertThat(binanceEntry(s.pyra).get("network").asString()).isEqualTo("mainnet");
        }
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static JsonNode binanceEntry(RunningPyra pyra) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (JsonNode v : pyra.get("/api/v1/plugins").json().get("venues")) {
                if (v.get("venue").asString().equals("binance")) {
                    found[0] = v;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

}
