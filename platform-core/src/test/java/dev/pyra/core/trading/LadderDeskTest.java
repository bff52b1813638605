package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.Hooks;
import dev.pyra.core.precision.BelowMinimum;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ladder room on its own: a pyramid planned from the layers, its entry sized at the market, the legs resting below the entry's fill. */
class LadderDeskTest {
    private static final SymbolRules BTC = SymbolRules.builder("BTCUSDT", "BTC", "USDT").trading(true).tickSize(new BigDecimal("0.01"))
            .priceRange(new BigDecimal("0.01"), new BigDecimal("1000000")).stepSize(new BigDecimal("0.00001"))
            .quantityRange(new BigDecimal("0.00001"), new BigDecimal("9000")).notionalRange(new BigDecimal("5"), null)
            .minNotionalAppliesToMarket(true).build();
    private static final PyraConfig.Engine ENGINE = new PyraConfig.Engine(3, new BigDecimal("500"), "market",
            new PyraConfig.TakeProfit("sim-hybrid", new BigDecimal("1")), List.of(
                    new PyraConfig.Layer(BigDecimal.ZERO, new BigDecimal("50"), new BigDecimal("2")),
                    new PyraConfig.Layer(new BigDecimal("1.5"), new BigDecimal("25"), new BigDecimal("2")),
                    new PyraConfig.Layer(new BigDecimal("3"), new BigDecimal("25"), new BigDecimal("3"))), 30);

    private final List<TrackedOrder> sent = new ArrayList<>();
    private BigDecimal last = new BigDecimal("60000");
    private final SymbolRulesSource rules = new SymbolRulesSource() {
        @Override
        public Lookup find(String exchange, String symbol) {
            return Lookup.found(BTC);
        }

        @Override
        public void rejectedForPrecision(String exchange) {}
    };
    private final LadderDesk desk = new LadderDesk(rules,
            new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.RAISE, new BigDecimal("10"))), null, () -> Hooks.NONE,
            new LadderDesk.Host() {
                @Override
                public void send(PositionGroup group, TrackedOrder order) {
                    sent.add(order);
                }

                @Override
                public BigDecimal lastPrice(String venue, String symbol) {
                    return last;
                }
            });

    private static StoredSignal signal(String price) {
        return new StoredSignal(11, new Signal("paper", "BTCUSDT", "BTCUSDT", "BTCUSDT", "60", Side.BUY, SignalType.ENTRY, null,
                new BigDecimal(price), null, null), Instant.parse("2026-12-04T12:00:00Z"));
    }

    @Test
    void aMarketEntryIsSizedAtTheMarketsLastPriceNotTheAlerts() {
        // a mistyped alert price (6,000) must not make the entry buy ten times its capital
        Pyramid pyramid = desk.planPyramid(null, signal("6000"), ENGINE, rules.find("paper", "BTCUSDT"));
        assertThat(pyramid.legs).hasSize(3);
        DcaLeg entry = pyramid.entry();
        assertThat(entry.quantity).isEqualByComparingTo("0.00416"); // 250 / 60,000, down to the step
        assertThat(pyramid.legs.get(1).state).isEqualTo(LegState.PLANNED);
        assertThat(pyramid.legs.get(1).quantity).as("a leg is sized once the entry has filled").isNull();
    }

    @Test
    void afterTheEntrysFillTheLegsRestAtTheirGapsBelowIt() {
        Pyramid pyramid = desk.planPyramid(null, signal("60000"), ENGINE, rules.find("paper", "BTCUSDT"));
        DcaLeg entry = pyramid.entry();
        entry.filledQuantity = new BigDecimal("0.00416");
        entry.filledQuote = new BigDecimal("249.6832"); // filled at 60,020.00
        PositionGroup group = new PositionGroup(3, new GroupKey("paper", "BTCUSDT", "60", Side.BUY), "BTCUSDT", "BTC", "USDT", "sim-hybrid",
                BigDecimal.ONE, Instant.parse("2026-12-04T12:00:00Z"));
        group.pyramids.add(pyramid);

        desk.placeLadder(group, pyramid);

        assertThat(sent).extracting(o -> o.request.type() + " " + o.request.price().stripTrailingZeros().toPlainString() + " " + o.request.quantity().toPlainString())
                .containsExactly("LIMIT 59119.7 0.00211", "LIMIT 58219.4 0.00214"); // 60,020 − 1.5 %, − 3 %, on the tick
        assertThat(sent).extracting(o -> o.request.clientOrderId())
                .containsExactly(TrackedOrder.clientOrderId(3, 0, 1, OrderPurpose.BUY, 0), TrackedOrder.clientOrderId(3, 0, 2, OrderPurpose.BUY, 0));
        assertThat(pyramid.legs.get(1).buyType).isEqualTo(OrderType.LIMIT);
        assertThat(pyramid.legs.get(1).buyOrderId).isEqualTo(sent.get(0).request.clientOrderId());
    }
}
