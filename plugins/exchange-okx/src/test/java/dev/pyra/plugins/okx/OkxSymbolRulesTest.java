package dev.pyra.plugins.okx;

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
 * OKX's symbol metadata, in its own response format ({@code src/test/resources/okx/public-instruments-spot.json}), mapped
 * into {@link SymbolRules}, and the orders the precision engine makes of it. {@code -}: no limit.
 */
class OkxSymbolRulesTest {
    static final List<SymbolRules> RULES = load();

    static List<SymbolRules> load() {
        try (InputStream in = OkxSymbolRulesTest.class.getResourceAsStream("/okx/public-instruments-spot.json")) {
            return OkxSymbolRules.parse(JsonMapper.shared().readTree(in));
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
            BTC-USDT  | true  | 0.1         | 0.00000001 | 0.00001 | 9999999999      | - | 1000000  | 1 | 8
            PEPE-USDT | true  | 0.000000001 | 1          | 100000  | 999999999999999 | - | 1000000  | 9 | 0
            BTC-TRY   | true  | 1           | 0.00000001 | 0.00001 | 9999999999      | - | 30000000 | 0 | 8
            SOL-USDT  | false | 0.01        | 0.000001   | 0.01    | 9999999999      | - | 1000000  | 2 | 6
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
            BTC-USDT  | BUY  | LIMIT | 91234.56      | 0.001234567891 | 91234.5     | 0.00123456 | 
            BTC-USDT  | BUY  | LIMIT | 91234.5       | 0.000009       | 91234.5     | 0.000009   | quantity 0.000009 is below the venue's minimum 0.00001
            PEPE-USDT | SELL | LIMIT | 0.0000123451  | 250000.9       | 0.000012346 | 250000     | 
            BTC-TRY   | BUY  | LIMIT | 3912345.7     | 0.001          | 3912345     | 0.001      | 
            SOL-USDT  | BUY  | LIMIT | 150           | 1              | 150         | 1          | SOL-USDT is not trading on the venue (halted)
            """)
    void ordersAreSentAsTheVenueAcceptsThemOrBlockedWithTheReason(String symbol, Side side, OrderType type, String price,
            String quantity, String sentPrice, String sentQuantity, String problem) {
        PreparedOrder order = precision.prepare(rules(symbol), side, type, new BigDecimal(price), new BigDecimal(quantity));

        assertThat(order.price().toPlainString()).isEqualTo(sentPrice);
        assertThat(order.quantity().toPlainString()).isEqualTo(sentQuantity);
        assertThat(order.blockedReason()).isEqualTo(problem);
    }
}
