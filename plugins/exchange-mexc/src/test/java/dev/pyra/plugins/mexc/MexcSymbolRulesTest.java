package dev.pyra.plugins.mexc;

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
 * MEXC's symbol metadata, in its own response format ({@code src/test/resources/mexc/exchangeInfo.json}), mapped
 * into {@link SymbolRules}, and the orders the precision engine makes of it. {@code -}: no limit.
 */
class MexcSymbolRulesTest {
    static final List<SymbolRules> RULES = load();

    static List<SymbolRules> load() {
        try (InputStream in = MexcSymbolRulesTest.class.getResourceAsStream("/mexc/exchangeInfo.json")) {
            return MexcSymbolRules.parse(JsonMapper.shared().readTree(in));
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
            BTCUSDC  | true  | 0.01       | 0.000001 | 0.000001 | - | 1 | 100000  | 2 | 6
            SHIBUSDT | true  | 0.00000001 | 1        | 10000    | - | 1 | 2000000 | 8 | 0
            PEPEUSDT | true  | 0.00000001 | 1        | -        | - | 1 | 600000  | 8 | 0
            BTCBRL   | true  | 1          | 0.000001 | 0.000001 | - | 5 | 500000  | 0 | 6
            XRPUSDT  | false | 0.0001     | 0.01     | 0.1      | - | 1 | 2000000 | 4 | 2
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
            BTCUSDC  | BUY  | LIMIT  | 91234.567    | 0.0123456789 | 91234.56   | 0.012345 | 
            SHIBUSDT | BUY  | LIMIT  | 0.0000123456 | 5000.5       | 0.00001234 | 5000     | quantity 5000 is below the venue's minimum 10000
            PEPEUSDT | SELL | MARKET | 0.00001      | 150000.9     | 0.00001    | 150000   | 
            BTCBRL   | SELL | LIMIT  | 512345.01    | 0.0012345    | 512346     | 0.001234 | 
            XRPUSDT  | BUY  | LIMIT  | 0.5          | 100          | 0.5        | 100      | XRPUSDT is not trading on the venue (halted)
            """)
    void ordersAreSentAsTheVenueAcceptsThemOrBlockedWithTheReason(String symbol, Side side, OrderType type, String price,
            String quantity, String sentPrice, String sentQuantity, String problem) {
        PreparedOrder order = precision.prepare(rules(symbol), side, type, new BigDecimal(price), new BigDecimal(quantity));

        assertThat(order.price().toPlainString()).isEqualTo(sentPrice);
        assertThat(order.quantity().toPlainString()).isEqualTo(sentQuantity);
        assertThat(order.blockedReason()).isEqualTo(problem);
    }
}
