package dev.pyra.plugins.kucoin;

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
 * KuCoin's symbol metadata, in its own response format ({@code src/test/resources/kucoin/symbols.json}), mapped
 * into {@link SymbolRules}, and the orders the precision engine makes of it. {@code -}: no limit.
 */
class KucoinSymbolRulesTest {
    static final List<SymbolRules> RULES = load();

    static List<SymbolRules> load() {
        try (InputStream in = KucoinSymbolRulesTest.class.getResourceAsStream("/kucoin/symbols.json")) {
            return KucoinSymbolRules.parse(JsonMapper.shared().readTree(in));
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
            BTC-USDT  | true  | 0.1         | 0.00000001 | 0.00001 | 10000000000     | 0.1 | 99999999 | 1 | 8
            PEPE-USDT | true  | 0.000000001 | 1          | 1000    | 100000000000000 | 0.1 | 99999999 | 9 | 0
            BTC-BRL   | true  | 1           | 0.00000001 | 0.00001 | 10000000000     | 1   | 99999999 | 0 | 8
            XRP-USDT  | false | 0.00001     | 0.0001     | 0.1     | 10000000000     | 0.1 | 99999999 | 5 | 4
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
            BTC-USDT  | SELL | LIMIT  | 91234.51 | 0.123456789 | 91234.6 | 0.12345678 | 
            PEPE-USDT | BUY  | MARKET | 0.00001  | 999.9       | 0.00001 | 999        | quantity 999 is below the venue's minimum 1000
            BTC-BRL   | BUY  | LIMIT  | 512345.9 | 0.00001     | 512345  | 0.00001    | 
            XRP-USDT  | BUY  | LIMIT  | 0.5      | 100         | 0.5     | 100        | XRP-USDT is not trading on the venue (halted)
            """)
    void ordersAreSentAsTheVenueAcceptsThemOrBlockedWithTheReason(String symbol, Side side, OrderType type, String price,
            String quantity, String sentPrice, String sentQuantity, String problem) {
        PreparedOrder order = precision.prepare(rules(symbol), side, type, new BigDecimal(price), new BigDecimal(quantity));

        assertThat(order.price().toPlainString()).isEqualTo(sentPrice);
        assertThat(order.quantity().toPlainString()).isEqualTo(sentQuantity);
        assertThat(order.blockedReason()).isEqualTo(problem);
    }
}
