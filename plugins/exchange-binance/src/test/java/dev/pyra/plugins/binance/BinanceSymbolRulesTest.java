package dev.pyra.plugins.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.PreparedOrder;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binance's symbol metadata, in its own response format ({@code src/test/resources/binance/exchangeInfo.json}), mapped
 * into {@link SymbolRules}, and the orders the precision engine makes of it. {@code -}: no limit.
 */
class BinanceSymbolRulesTest {
    static final List<SymbolRules> RULES = load();

    static List<SymbolRules> load() {
        try (InputStream in = BinanceSymbolRulesTest.class.getResourceAsStream("/binance/exchangeInfo.json")) {
            return BinanceSymbolRules.parse(JsonMapper.shared().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SymbolRules rules(String symbol) {
        return RULES.stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static String text(BigDecimal value) {
        return value == null ? "-" : value.toPlainString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            BTCUSDT   | true  | 0.01       | 0.00001 | 0.00001 | 9000        | 5      | 9000000    | 2 | 5
            BTCBIDR   | true  | 1          | 0.00001 | 0.00001 | 100000      | 20000  | 9000000000 | 0 | 5
            PEPEUSDT  | true  | 0.00000001 | 1       | 1       | 92233720368 | 1      | 9000000    | 8 | 0
            ETHBTC    | true  | 0.00001    | 0.0001  | 0.0001  | 100000      | 0.0001 | -          | 5 | 4
            BQXETH    | false | 0.0000001  | 1       | 1       | 90000000    | 0.005  | 9000000    | 7 | 0
            """)
    void mapsTheVenuesMetadata(String symbol, boolean trading, String tick, String step, String minQty, String maxQty, String minNotional,
            String maxNotional, int priceDecimals, int quantityDecimals) {
        SymbolRules rules = rules(symbol);

        assertThat(rules.trading()).isEqualTo(trading);
        assertThat(text(rules.tickSize())).isEqualTo(tick);
        assertThat(text(rules.stepSize())).isEqualTo(step);
        assertThat(text(rules.minQty())).isEqualTo(minQty);
        assertThat(text(rules.maxQty())).isEqualTo(maxQty);
        assertThat(text(rules.minNotional())).isEqualTo(minNotional);
        assertThat(text(rules.maxNotional())).isEqualTo(maxNotional);
        assertThat(rules.priceDecimals()).isEqualTo(priceDecimals);
        assertThat(rules.quantityDecimals()).isEqualTo(quantityDecimals);
    }

    private final PrecisionEngine precision = new PrecisionEngine(() -> PrecisionEngine.Policy.DEFAULT);

    @ParameterizedTest(name = "{0} {1} {2} {4} @ {3}")
    @CsvSource(delimiter = '|', textBlock = """
            BTCUSDT  | BUY  | LIMIT  | 64123.456     | 0.0123456  | 64123.45   | 0.01234 | 
            BTCUSDT  | SELL | MARKET | 64000         | 100        | 64000      | 100     | quantity 100 is above the venue's maximum 83.14872618
            BTCBIDR  | SELL | LIMIT  | 1050000000.4  | 0.00123    | 1050000001 | 0.00123 | 
            BTCBIDR  | BUY  | LIMIT  | 1000000000    | 0.000015   | 1000000000 | 0.00001 | notional 10000 is below the venue's minimum 20000
            PEPEUSDT | BUY  | LIMIT  | 0.0000123456  | 1000000.7  | 0.00001234 | 1000000 | 
            ETHBTC   | BUY  | MARKET | 0.05          | 0.00123    | 0.05       | 0.0012  | notional 0.00006 is below the venue's minimum 0.0001
            BQXETH   | BUY  | LIMIT  | 0.0001        | 100        | 0.0001     | 100     | BQXETH is not trading on the venue (halted)
            """)
    void ordersAreSentAsTheVenueAcceptsThemOrBlockedWithTheReason(String symbol, Side side, OrderType type, String price,
            String quantity, String sentPrice, String sentQuantity, String problem) {
        PreparedOrder order = precision.prepare(rules(symbol), side, type, new BigDecimal(price), new BigDecimal(quantity));

        assertThat(order.price().toPlainString()).isEqualTo(sentPrice);
        assertThat(order.quantity().toPlainString()).isEqualTo(sentQuantity);
        assertThat(order.blockedReason()).isEqualTo(problem);
    }
}
