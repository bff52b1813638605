package dev.pyra.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.PreparedOrder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A venue connector's symbol metadata, in the venue's own response format, mapped into
 * {@link SymbolRules}, and the orders the precision engine makes of it — table-driven. A venue's
 * test names its fixture and mapper; its tables are {@code <venue>/rules.table} (symbol | trading |
 * tick | step | minQty | maxQty | minNotional | maxNotional | priceDecimals | quantityDecimals;
 * {@code -} for no limit) and {@code <venue>/orders.table} (symbol | side | type | price | quantity
 * | sent price | sent quantity | problem, empty when it may be sent), next to the fixture.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VenueRulesTable {
    private final String venue;
    private final List<SymbolRules> rules;
    private final PrecisionEngine precision = new PrecisionEngine(() -> PrecisionEngine.Policy.DEFAULT);

    protected VenueRulesTable(String venue, String fixture, Function<JsonNode, List<SymbolRules>> mapper) {
        this.venue = venue;
        try (InputStream in = getClass().getResourceAsStream("/" + venue + "/" + fixture)) {
            this.rules = mapper.apply(JsonMapper.shared().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SymbolRules rules(String symbol) {
        return rules.stream().filter(r -> r.symbol().equals(symbol)).findFirst()
                .orElseThrow(() -> new AssertionError(venue + " fixture has no " + symbol));
    }

    private static String text(BigDecimal value) {
        return value == null ? "-" : value.toPlainString();
    }

    Stream<Arguments> rulesTable() {
        return table("rules.table");
    }

    Stream<Arguments> ordersTable() {
        return table("orders.table");
    }

    private Stream<Arguments> table(String name) {
        try (InputStream in = getClass().getResourceAsStream("/" + venue + "/" + name)) {
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            return lines.stream().map(line -> Arguments.of((Object[]) Arrays.stream(line.split("\\|", -1)).map(String::trim)
                    .toArray(String[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesTable")
    void mapsTheVenuesMetadata(String symbol, String trading, String tick, String step, String minQty, String maxQty, String minNotional,
            String maxNotional, String priceDecimals, String quantityDecimals) {
        SymbolRules mapped = rules(symbol);

        assertThat(mapped.trading()).as("trading").isEqualTo(Boolean.parseBoolean(trading));
        assertThat(text(mapped.tickSize())).as("tick").isEqualTo(tick);
        assertThat(text(mapped.stepSize())).as("step").isEqualTo(step);
        assertThat(text(mapped.minQty())).as("minQty").isEqualTo(minQty);
        assertThat(text(mapped.maxQty())).as("maxQty").isEqualTo(maxQty);
        assertThat(text(mapped.minNotional())).as("minNotional").isEqualTo(minNotional);
        assertThat(text(mapped.maxNotional())).as("maxNotional").isEqualTo(maxNotional);
        assertThat(mapped.priceDecimals()).as("priceDecimals").isEqualTo(Integer.parseInt(priceDecimals));
        assertThat(mapped.quantityDecimals()).as("quantityDecimals").isEqualTo(Integer.parseInt(quantityDecimals));
    }

    @ParameterizedTest(name = "{0} {1} {2} {4} @ {3}")
    @MethodSource("ordersTable")
    void ordersAreSentAsTheVenueAcceptsThemOrBlockedWithTheReason(String symbol, String side, String type, String price,
            String quantity, String sentPrice, String sentQuantity, String problem) {
        PreparedOrder order = precision.prepare(rules(symbol), Side.valueOf(side), OrderType.valueOf(type), new BigDecimal(price),
                new BigDecimal(quantity));

        assertThat(order.price().toPlainString()).isEqualTo(sentPrice);
        assertThat(order.quantity().toPlainString()).isEqualTo(sentQuantity);
        assertThat(order.blockedReason()).isEqualTo(problem.isEmpty() ? null : problem);
    }
}
