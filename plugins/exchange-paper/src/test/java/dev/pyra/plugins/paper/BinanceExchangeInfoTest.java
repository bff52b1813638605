package dev.pyra.plugins.paper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class BinanceExchangeInfoTest {
    private final List<SymbolRules> rules = BinanceExchangeInfo.load().stream().map(SymbolFilters::toRules).toList();

    private SymbolRules rules(String symbol) {
        return rules.stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @Test
    void listsADozenCommonSymbolsAndOneHaltedOne() {
        assertThat(rules).extracting(SymbolRules::symbol).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT",
                "XRPUSDT", "ADAUSDT", "DOGEUSDT", "LTCUSDT", "SHIBUSDT", "PEPEUSDT", "ETHBTC", "BTCBIDR", "BQXETH");
        assertThat(rules).filteredOn(r -> !r.trading()).extracting(SymbolRules::symbol).containsExactly("BQXETH");
    }

    // symbol | base | quote | trading | tick | step | market step | min qty | max qty | min notional | max notional | min at market
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "BTCUSDT  | BTC  | USDT  | true    | 0.01       | 0.00001 | -           | 0.00001 | 9000        | 10           | 9000000      | true",
        "ETHUSDT  | ETH  | USDT  | true    | 0.01       | 0.0001  | -           | 0.0001  | 9000        | 10           | 9000000      | true",
        "SOLUSDT  | SOL  | USDT  | true    | 0.01       | 0.001   | -           | 0.001   | 9000        | 5            | 9000000      | true",
        "DOGEUSDT | DOGE | USDT  | true    | 0.00001    | 1       | -           | 1       | 9000000     | 1            | 9000000      | true",
        "SHIBUSDT | SHIB | USDT  | true    | 0.00000001 | 1       | -           | 1       | 46116860414 | 5            | 9000000      | true",
        "PEPEUSDT | PEPE | USDT  | true    | 0.00000001 | 1       | -           | 1       | 92233720368 | 1            | 9000000      | true",
        "ETHBTC   | ETH  | BTC   | true    | 0.00001    | 0.0001  | -           | 0.0001  | 100000      | 0.0001       | 9000000      | true",
        "BTCBIDR  | BTC  | BIDR  | true    | 1          | 0.00001 | -           | 0.00001 | 100000      | 20000        | 9000000      | true",
        "BQXETH   | BQX  | ETH   | false   | 10         | 10      | -           | 10      | 90000000    | 0.005        | 9000000      | true",
    })
    void readsBinancesRulesPerSymbol(String symbol, String base, String quote, boolean trading, BigDecimal tick, BigDecimal step,
            BigDecimal marketStep, BigDecimal minQty, BigDecimal maxQty, BigDecimal minNotional, BigDecimal maxNotional,
            boolean minAtMarket) {
        SymbolRules r = rules(symbol);
        assertThat(r.baseAsset()).isEqualTo(base);
        assertThat(r.quoteAsset()).isEqualTo(quote);
        assertThat(r.pairKey()).isEqualTo(symbol);
        assertThat(r.trading()).isEqualTo(trading);
        assertThat(r.tickSize()).isEqualByComparingTo(tick);
        assertThat(r.stepSize()).isEqualByComparingTo(step);
        assertThat(r.marketStepSize()).isEqualTo(marketStep);
        assertThat(r.minQty()).isEqualByComparingTo(minQty);
        assertThat(r.maxQty()).isEqualByComparingTo(maxQty);
        assertThat(r.minNotional()).isEqualByComparingTo(minNotional);
        assertThat(r.maxNotional()).isEqualByComparingTo(maxNotional);
        assertThat(r.minNotionalAppliesToMarket()).isEqualTo(minAtMarket);
    }

    @Test
    void valuesCarryNoTrailingZeros() {
        assertThat(rules("BTCUSDT").tickSize()).isEqualTo(new BigDecimal("0.01"));
        assertThat(rules("SHIBUSDT").tickSize()).isEqualTo(new BigDecimal("1E-8"));
        assertThat(rules).allSatisfy(r -> Stream.of(r.tickSize(), r.stepSize(), r.minQty(), r.maxQty(), r.minNotional(), r.maxNotional())
                .filter(java.util.Objects::nonNull)
                .forEach(value -> assertThat(value.toPlainString()).doesNotMatch(".*\\.[0-9]*0$")));
    }

    @Test
    void readsTheOlderMinNotionalFilterAndTreatsZeroAsNoLimit() {
        String body = """
            {"timezone": "UTC", "serverTime": 1614694549948, "rateLimits": [], "exchangeFilters": [],
             "symbols": [{"symbol": "LTCBTC", "status": "TRADING", "baseAsset": "LTC", "quoteAsset": "BTC",
               "filters": [
                 {"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "0.00000000", "tickSize": "0.00000100"},
                 {"filterType": "LOT_SIZE", "minQty": "0.01000000", "maxQty": "0.00000000", "stepSize": "0.01000000"},
                 {"filterType": "MARKET_LOT_SIZE", "minQty": "0.00000000", "maxQty": "1000.00000000", "stepSize": "0.10000000"},
                 {"filterType": "MIN_NOTIONAL", "minNotional": "0.00010000", "applyToMarket": false, "avgPriceMins": 5}]}]}
            """;

        SymbolRules ltc = BinanceExchangeInfo.parse(JsonMapper.builder().build().readTree(body)).getFirst().toRules();

        assertThat(ltc.tickSize()).isEqualTo(new BigDecimal("0.000001"));
        assertThat(ltc.marketStepSize()).isEqualTo(new BigDecimal("0.1"));
        assertThat(ltc.maxQty()).isNull();
        assertThat(ltc.minNotional()).isEqualTo(new BigDecimal("0.0001"));
        assertThat(ltc.maxNotional()).isNull();
        assertThat(ltc.minNotionalAppliesToMarket()).isFalse();
    }
}
