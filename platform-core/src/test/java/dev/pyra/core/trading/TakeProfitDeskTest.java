package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.precision.BelowMinimum;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SymbolRulesSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The take-profit room on its own: what arms a group, what a price at its trigger sells, and what it refuses to send. */
class TakeProfitDeskTest {
    private final List<TrackedOrder> sent = new ArrayList<>();
    private final List<Long> saved = new ArrayList<>();
    private SymbolRules btc = SymbolRules.builder("BTCUSDT", "BTC", "USDT").trading(true).tickSize(new BigDecimal("0.01"))
            .priceRange(new BigDecimal("0.01"), new BigDecimal("1000000")).stepSize(new BigDecimal("0.00001"))
            .quantityRange(new BigDecimal("0.00001"), new BigDecimal("9000")).notionalRange(new BigDecimal("5"), null)
            .minNotionalAppliesToMarket(true).build();
    private final SymbolRulesSource rules = new SymbolRulesSource() {
        @Override
        public Lookup find(String exchange, String symbol) {
            return btc == null ? Lookup.missing("no rules for " + symbol + " yet") : Lookup.found(btc);
        }

        @Override
        public void rejectedForPrecision(String exchange) {}
    };
    private final PrecisionEngine precision = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.RAISE, new BigDecimal("10")));
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private final OrderDesk orders = new OrderDesk(clock);
    private final GroupCloser closer = new GroupCloser(orders, precision, new GroupCloser.Host() {
        @Override
        public BigDecimal lastPrice(PositionGroup group) {
            return new BigDecimal("61300");
        }

        @Override
        public SymbolRulesSource.Lookup rules(PositionGroup group) {
            return rules.find(group.key.exchange(), group.venueSymbol);
        }

        @Override
        public void save(PositionGroup group) {}

        @Override
        public void send(PositionGroup group, TrackedOrder order) {
            orders.send(order);
        }

        @Override
        public void closed(PositionGroup group) {}
    }, clock, () -> Duration.ofSeconds(120));
    private final TakeProfitDesk desk = new TakeProfitDesk(Map.of(EngineSimulation.HYBRID.id(), EngineSimulation.HYBRID), rules, precision, orders,
            closer, new TakeProfitDesk.Host() {
                @Override
                public void send(PositionGroup group, TrackedOrder order) {
                    sent.add(order);
                }

                @Override
                public void save(PositionGroup group) {
                    saved.add(group.id);
                }
            });

    /** A live group whose entry bought 0.01 BTC at 60,000 (take-profit 61,200) and whose second leg still rests. */
    private static PositionGroup group() {
        PositionGroup group = new PositionGroup(7, new GroupKey("paper", "BTCUSDT", "60", Side.BUY), "BTCUSDT", "BTC", "USDT", "sim-hybrid",
                new BigDecimal("50"), Instant.parse("2026-12-04T11:00:00Z"));
        group.status = GroupStatus.LIVE;
        Pyramid pyramid = new Pyramid(0, 1, new BigDecimal("60000"), new BigDecimal("1000"));
        DcaLeg entry = new DcaLeg(0, BigDecimal.ZERO, new BigDecimal("60"), new BigDecimal("2"));
        entry.quantity = new BigDecimal("0.01");
        entry.filledQuantity = new BigDecimal("0.01");
        entry.filledQuote = new BigDecimal("600");
        entry.costBasis = new BigDecimal("600");
        entry.buyDone = true;
        entry.buyOrderId = "pyra-7-0-0-b";
        entry.state = LegState.TP_OPEN;
        entry.recomputeTarget(new BigDecimal("0.01"));
        DcaLeg resting = new DcaLeg(1, BigDecimal.ONE, new BigDecimal("40"), new BigDecimal("2"));
        resting.quantity = new BigDecimal("0.0067");
        resting.price = new BigDecimal("59400");
        resting.state = LegState.OPEN;
        pyramid.legs.add(entry);
        pyramid.legs.add(resting);
        group.pyramids.add(pyramid);
        return group;
    }

    @Test
    void aGroupIsArmedAtItsLowestTakeProfitOnlyWhileItIsLiveAndHoldsSomething() {
        PositionGroup group = group();
        assertThat(desk.triggerPrice(group)).isEqualByComparingTo("61200"); // 60,000 × 1.02
        group.status = GroupStatus.CLOSING;
        assertThat(desk.triggerPrice(group)).isNull();
        group.status = GroupStatus.LIVE;
        group.pyramids.getFirst().legs.getFirst().sellingQuantity = new BigDecimal("0.01");
        assertThat(desk.triggerPrice(group)).as("what is being sold arms nothing").isNull();
    }

    @Test
    void aPriceAtTheTargetSellsThatLegAtMarketAndSetsItsQuantityAside() {
        PositionGroup group = group();
        desk.evaluate(group, new BigDecimal("61200"));

        assertThat(sent).singleElement().satisfies(order -> {
            assertThat(order.purpose).isEqualTo(OrderPurpose.TAKE_PROFIT);
            assertThat(order.request.side()).isEqualTo(Side.SELL);
            assertThat(order.request.type()).isEqualTo(OrderType.MARKET);
            assertThat(order.request.quantity()).isEqualByComparingTo("0.01");
            assertThat(order.request.clientOrderId()).isEqualTo(TrackedOrder.clientOrderId(7, 0, 0, OrderPurpose.TAKE_PROFIT, 0));
        });
        assertThat(group.pyramids.getFirst().legs.getFirst().freeQuantity()).isZero();
        assertThat(saved).contains(7L);

        desk.evaluate(group, new BigDecimal("61300"));
        assertThat(sent).as("the leg is being sold: nothing more to sell").hasSize(1);
    }

    @Test
    void belowTheTargetNothingIsSold() {
        desk.evaluate(group(), new BigDecimal("61199.99"));
        assertThat(sent).isEmpty();
    }

    @Test
    void withoutTheVenuesRulesTheTakeProfitIsNotSentAndTheLegSaysWhy() {
        btc = null;
        PositionGroup group = group();
        desk.evaluate(group, new BigDecimal("61200"));
        assertThat(sent).isEmpty();
        assertThat(group.pyramids.getFirst().legs.getFirst().reason).isEqualTo("take-profit blocked: no rules for BTCUSDT yet");
    }
}
