package dev.pyra.plugins.gateio;

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
 * Gate.io's symbol metadata, in its own response format ({@code src/test/resources/gateio/currency_pairs.json}), mapped
 * into {@link SymbolRules}, and the orders the precision engine makes of it. {@code -}: no limit.
 */
class GateioSymbolRulesTest {
    static final List<SymbolRules> RULES = load();

    static List<SymbolRules> load() {
        try (InputStream in = GateioSymbolRulesTest.class.getResourceAsStream("/gateio/currency_pairs.json")) {
            return GateioSymbolRules.parse(JsonMapper.shared().readTree(in));
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
            BTC_USDT  | true  | 0.1           | 0.000001 | 0.00001 | - | 3   | 5000000 | 1  | 6
            CHZ_USDT  | true  | 0.00001       | 0.01     | -       | - | 1   | -       | 5  | 2
            PEPE_USDT | true  | 0.00000000001 | 1        | 1       | - | 1   | -       | 11 | 0
            BTC_TRY   | true  | 1             | 0.00001  | 0.00001 | - | 100 | -       | 0  | 5
            LUNC_USDT | false | 0.00000001    | 0.01     | 1       | - | 1   | -       | 8  | 2
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
            BTC_USDT  | BUY  | LIMIT | 91234.56        | 0.00123456789 | 91234.5        | 0.001234 | 
            CHZ_USDT  | BUY  | LIMIT | 0.0812345       | 0.5           | 0.08123        | 0.5      | notional 0.040615 is below the venue's minimum 1
            CHZ_USDT  | BUY  | LIMIT | 0.0812345       | 100.555       | 0.08123        | 100.55   | 
            PEPE_USDT | SELL | LIMIT | 0.0000123456789 | 100000.5      | 0.00001234568  | 100000   | 
            BTC_TRY   | BUY  | LIMIT | 3912345.5       | 0.000019      | 3912345        | 0.00001  | notional 39.12345 is below the venue's minimum 100
            LUNC_USDT | BUY  | LIMIT | 0.0001          | 100000        | 0.0001         | 100000   | LUNC_USDT is not trading on the venue (halted)
            """)
    void ordersAreSentAsTheVenueAcceptsThemOrBlockedWithTheReason(String symbol, Side side, OrderType type, String price,
            String quantity, String sentPrice, String sentQuantity, String problem) {
        PreparedOrder order = precision.prepare(rules(symbol), side, type, new BigDecimal(price), new BigDecimal(quantity));

        assertThat(order.price().toPlainString()).isEqualTo(sentPrice);
        assertThat(order.quantity().toPlainString()).isEqualTo(sentQuantity);
        assertThat(order.blockedReason()).isEqualTo(problem);
    }
}
