package dev.pyra.launcher;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import java.util.Map;
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
            JsonNode group = s.await(1, g -> "tp-open".equals(g.at("/pyramids/0/legs/0/state").asString()));
            assertThat(new java.math.BigDecimal(group.get("lastPrice").asString())).isEqualByComparingTo("90950");

            binancePrice("92000.00"); // above the take-profit (fill × 1.01)
            group = s.await(1, g -> "closed".equals(g.get("status").asString()));
            assertThat(new java.math.BigDecimal(group.get("realizedPnl").asString())).isPositive();
            binance.verify(getRequestedFor(urlPathEqualTo("/api/v3/ticker/price")).withoutHeader("X-MBX-APIKEY"));
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
