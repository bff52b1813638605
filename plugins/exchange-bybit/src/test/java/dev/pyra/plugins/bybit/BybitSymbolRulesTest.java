package dev.pyra.plugins.bybit;

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
 * Bybit's symbol metadata, in its own response format ({@code src/test/resources/bybit/instruments-info-spot.json}), mapped
 * into {@link SymbolRules}, and the orders the precision engine makes of it. {@code -}: no limit.
 */
class BybitSymbolRulesTest {
    static final List<SymbolRules> RULES = load();

    static List<SymbolRules> load() {
        try (InputStream in = BybitSymbolRulesTest.class.getResourceAsStream("/bybit/instruments-info-spot.json")) {
            return BybitSymbolRules.parse(JsonMapper.shared().readTree(in));
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
            BTCUSDT  | true  | 0.1        | 0.000001 | -  | 71.73956243 | 5  | 8000000 | 1 | 6
            PEPEUSDT | true  | 0.00000001 | 0.01     | -  | 4000000000  | 1  | 200000  | 8 | 2
            BTCBRL   | true  | 1          | 0.000001 | -  | 10          | 25 | 5000000 | 0 | 6
            ETHUSDC  | false | 0.01       | 0.00001  | -  | 2430.7243559 | 1 | 2000000 | 2 | 5
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
            BTCUSDT  | BUY  | LIMIT  | 87654.32     | 0.0012345678 | 87654.3    | 0.001234  | 
            BTCUSDT  | BUY  | LIMIT  | 87654.3      | 0.000048     | 87654.3    | 0.000048  | notional 4.2074064 is below the venue's minimum 5
            BTCUSDT  | SELL | MARKET | 87654.3      | 40           | 87654.3    | 40        | quantity 40 is above the venue's maximum 35.86978121
            PEPEUSDT | SELL | LIMIT  | 0.000012341  | 500000.005   | 0.00001235 | 500000    | 
            BTCBRL   | BUY  | LIMIT  | 512345.6     | 0.0001234567 | 512345     | 0.000123  | 
            ETHUSDC  | BUY  | LIMIT  | 3000         | 1            | 3000       | 1         | ETHUSDC is not trading on the venue (halted)
            """)
    void ordersAreSentAsTheVenueAcceptsThemOrBlockedWithTheReason(String symbol, Side side, OrderType type, String price,
            String quantity, String sentPrice, String sentQuantity, String problem) {
        PreparedOrder order = precision.prepare(rules(symbol), side, type, new BigDecimal(price), new BigDecimal(quantity));

        assertThat(order.price().toPlainString()).isEqualTo(sentPrice);
        assertThat(order.quantity().toPlainString()).isEqualTo(sentQuantity);
        assertThat(order.blockedReason()).isEqualTo(problem);
    }
}
