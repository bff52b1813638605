package dev.pyra.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.api.exchange.Side;
import dev.pyra.core.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class SignalParserTest {
    private final SignalParser parser = new SignalParser(new FakeDirectory());

    private static JsonNode body(String json) {
        return Json.MAPPER.readTree(json);
    }

    private static final String ENTRY = """
            {"secret":"s","exchange":"paper","symbol":"BINANCE:BTCUSDT","timeframe":"60","action":"buy",
             "position":"long","type":"entry","price":"64000.10","id":"Long-1700000000","time":"2026-11-23T10:15:00Z","extra":{"a":1}}""";

    @Test
    void parsesTheContractExample() {
        Signal signal = parser.parse(body(ENTRY));
        assertThat(signal.exchange()).isEqualTo("paper");
        assertThat(signal.symbol()).isEqualTo("BINANCE:BTCUSDT");
        assertThat(signal.venueSymbol()).isEqualTo("BTCUSDT");
        assertThat(signal.pairKey()).isEqualTo("BTCUSDT");
        assertThat(signal.timeframe()).isEqualTo("60");
        assertThat(signal.action()).isEqualTo(Side.BUY);
        assertThat(signal.type()).isEqualTo(SignalType.ENTRY);
        assertThat(signal.price()).isEqualByComparingTo("64000.10");
        assertThat(signal.price().toPlainString()).isEqualTo("64000.10");
        assertThat(signal.clientId()).isEqualTo("Long-1700000000");
        assertThat(signal.time()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
        assertThat(signal.dedupeKey()).isEqualTo("id:Long-1700000000");
    }

    @ParameterizedTest
    @CsvSource({"BTCUSDT,BTCUSDT", "BINANCE:BTCUSDT,BTCUSDT", "BTC/USDT,BTCUSDT", "btc-usdt,BTCUSDT", "ETH_USDT,ETHUSDT"})
    void acceptsEveryCommonSymbolSpelling(String given, String venueSymbol) {
        Signal signal = parser.parse(body(ENTRY.replace("BINANCE:BTCUSDT", given)));
        assertThat(signal.venueSymbol()).isEqualTo(venueSymbol);
    }

    @Test
    void mapsToTheVenuesOwnSymbolName() {
        Signal signal = parser.parse(body(ENTRY.replace("\"paper\"", "\"okx\"")));
        assertThat(signal.venueSymbol()).isEqualTo("BTC-USDT");
        assertThat(signal.pairKey()).isEqualTo("BTCUSDT");
    }

    @Test
    void aNumericPriceStaysExact() {
        Signal signal = parser.parse(body(ENTRY.replace("\"64000.10\"", "64000.10")));
        assertThat(signal.price().toPlainString()).isEqualTo("64000.10");
    }

    @Test
    void aShortNumberWithAHugeExponentIsRefusedNotExpanded() {
        // 1e999999999 as plain digits would be a gigabyte string: the parser must refuse it at once
        assertThatThrownBy(() -> parser.parse(body(ENTRY.replace("\"64000.10\"", "1e999999999"))))
                .isInstanceOf(BadSignalException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parser.parse(body(ENTRY.replace("\"2026-11-23T10:15:00Z\"", "1e-999999999"))))
                .isInstanceOf(BadSignalException.class).hasMessageContaining("out of range");
        assertThat(parser.parse(body(ENTRY.replace("\"64000.10\"", "6.40001e4"))).price()).isEqualByComparingTo("64000.1");
    }

    @Test
    void flatPositionMeansExitAndAnExitNeedsNoPrice() {
        Signal signal = parser.parse(body("""
                {"exchange":"paper","symbol":"BTCUSDT","timeframe":"60","action":"sell","position":"flat"}"""));
        assertThat(signal.type()).isEqualTo(SignalType.EXIT);
        assertThat(signal.price()).isNull();
    }

    @Test
    void withoutIdTheDedupeKeyUsesTheBodysTime() {
        Signal signal = parser.parse(body(ENTRY.replace("\"id\":\"Long-1700000000\",", "")));
        assertThat(signal.dedupeKey()).isEqualTo("t:paper|BTCUSDT|60|BUY|ENTRY|2026-11-23T10:15:00Z");
        Signal epoch = parser.parse(body(ENTRY.replace("\"id\":\"Long-1700000000\",", "").replace("\"2026-11-23T10:15:00Z\"", "1795428900000")));
        assertThat(epoch.time()).isEqualTo(Instant.ofEpochMilli(1795428900000L));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "missing exchange     | \"exchange\":\"paper\",         |                                | exchange | is required",
        "unknown exchange     | \"paper\"                      | \"kraken\"                       | exchange | unknown exchange 'kraken'",
        "unknown symbol       | BINANCE:BTCUSDT              | DOGEUSDT                       | symbol   | unknown symbol 'DOGEUSDT' on exchange 'paper'",
        "missing symbol       | \"symbol\":\"BINANCE:BTCUSDT\",|                                | symbol   | is required",
        "bad timeframe        | \"60\"                         | \"hourly\"                       | timeframe| not a TradingView interval",
        "unknown action       | \"buy\"                        | \"hold\"                         | action   | must be buy or sell",
        "unknown type         | \"entry\"                      | \"maybe\"                        | type     | must be entry or exit",
        "bad position         | \"long\"                       | \"sideways\"                     | position | must be long, short or flat",
        "non-numeric price    | \"64000.10\"                   | \"{{close}}\"                    | price    | not a positive decimal number",
        "negative price       | \"64000.10\"                   | -5                             | price    | not a positive decimal number",
        "zero price           | \"64000.10\"                   | \"0\"                            | price    | must be greater than zero",
        "entry without price  | \"price\":\"64000.10\",        |                                | price    | is required for an entry",
        "price as object      | \"64000.10\"                   | {\"v\":1}                        | price    | must be a string or a number",
        "bad time             | \"2026-11-23T10:15:00Z\"       | \"yesterday\"                    | time     | not an ISO-8601 time",
    })
    void refusesBadInputNamingTheField(String caseName, String replace, String with, String field, String message) {
        String json = ENTRY.replace(replace, with == null ? "" : with);
        assertThatThrownBy(() -> parser.parse(body(json)))
                .isInstanceOfSatisfying(BadSignalException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.detail()).contains(message);
                });
    }
}
