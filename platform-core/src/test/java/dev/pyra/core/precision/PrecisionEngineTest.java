package dev.pyra.core.precision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrecisionEngineTest {
    private final PrecisionEngine raise = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.RAISE, new BigDecimal("10")));
    private final PrecisionEngine skip = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.SKIP, BigDecimal.ZERO));

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static SymbolRules.Builder rules(String tick, String step) {
        return SymbolRules.builder("XY", "X", "Y").tickSize(d(tick)).stepSize(d(step));
    }

    @ParameterizedTest(name = "tick {0}: {1} {2} -> {3}")
    @CsvSource({
            // tick,        side, price,            sent
            "0.00000001,    BUY,  0.000012345678,   0.00001234",
            "1E-8,          SELL, 0.000012345671,   0.00001235",
            "0.5,           BUY,  100.7,            100.5",
            "0.5,           SELL, 100.2,            100.5",
            "25,            BUY,  60013,            60000",
            "25,            SELL, 60001,            60025",
            "0.00000012,    BUY,  0.0000005,        0.00000048",
            "4.4,           BUY,  10,               8.8",
            "4.4,           SELL, 10,               13.2",
            "0.01000000,    BUY,  1.239,            1.23",
            "1.00,          SELL, 64000.01,         64001",
            "0.01,          BUY,  1.2300000,        1.23",
    })
    void pricesRoundToTheTickNeverWorseThanPlanned(String tick, Side side, String price, String sent) {
        PreparedOrder order = raise.prepare(rules(tick, "1").build(), side, OrderType.LIMIT, d(price), d("100000"));

        assertThat(order.price().toPlainString()).isEqualTo(sent);
        assertThat(order.blocked()).isFalse();
    }

    @ParameterizedTest(name = "step {0}: {1} -> {2}")
    @CsvSource({
            "0.00001,     0.123456789,  0.12345",
            "0.00100000,  2.9999,       2.999",
            "1,           12.9,         12",
            "1000,        12345,        12000",
            "0.1,         0.35,         0.3",
            "10.00000000, 99,           90",
    })
    void quantitiesRoundDownToTheStepAsPlainDecimals(String step, String quantity, String sent) {
        PreparedOrder order = raise.prepare(rules("0.01", step).build(), Side.BUY, OrderType.LIMIT, d("1000"), d(quantity));

        assertThat(order.quantity().toPlainString()).isEqualTo(sent);
        assertThat(order.adjustments()).extracting(Adjustment::field).containsExactly("quantity");
    }

    @Test
    void quantityDecimalsApplyWhereTheVenueGivesCountsNotSteps() {
        SymbolRules mexcLike = SymbolRules.builder("XRPUSDT", "XRP", "USDT").priceDecimals(4).quantityDecimals(2).build();

        PreparedOrder order = raise.prepare(mexcLike, Side.BUY, OrderType.LIMIT, d("0.523456"), d("19.119"));

        assertThat(order.price().toPlainString()).isEqualTo("0.5234");
        assertThat(order.quantity().toPlainString()).isEqualTo("19.11");
        assertThat(order.adjustments()).extracting(Adjustment::why).containsExactly("rounded down to 4 decimals", "rounded down to 2 decimals");
    }

    @Test
    void aBuyBelowTheMinimumNotionalIsRaisedWithinTheCapitalAndTolerance() {
        SymbolRules rules = rules("0.01", "0.00001").notionalRange(d("5"), null).build();
        // 4.5 USDT at 60000 is 0.000075 BTC; 5 USDT needs 0.00008334 -> 0.00009 on the step
        PreparedOrder order = raise.prepareBuy(rules, OrderType.LIMIT, d("60000"), d("0.000075"), raise.raiseLimit(d("5"), d("0")));

        assertThat(order.blocked()).isFalse();
        assertThat(order.quantity().toPlainString()).isEqualTo("0.00009");
        assertThat(order.notional().toPlainString()).isEqualTo("5.4");
        assertThat(order.adjustments()).hasSize(2);
        assertThat(order.adjustments().getFirst().why()).isEqualTo("rounded down to the step 0.00001");
        assertThat(order.adjustments().getLast()).satisfies(a -> {
            assertThat(a.from()).isEqualTo("0.00007");
            assertThat(a.to()).isEqualTo("0.00009");
            assertThat(a.why()).contains("raised to the venue's minimum").contains("notional 4.2 is below the venue's minimum 5");
        });
    }

    @Test
    void aRaiseBeyondTheCapitalAndToleranceSkipsTheLegWithTheNumbers() {
        SymbolRules rules = rules("0.01", "0.00001").notionalRange(d("10"), null).build();

        PreparedOrder order = raise.prepareBuy(rules, OrderType.LIMIT, d("60000"), d("0.000075"), raise.raiseLimit(d("5"), d("0")));

        assertThat(order.blocked()).isTrue();
        assertThat(order.blockedReason()).isEqualTo("notional 4.2 is below the venue's minimum 10; raising it to 0.00017 would spend 10.2,"
                + " over what the pyramid's capital and the tolerance allow (5.5): leg skipped");
    }

    @Test
    void theSkipPolicyNeverRaises() {
        SymbolRules rules = rules("0.01", "0.00001").notionalRange(d("5"), null).build();

        PreparedOrder order = skip.prepareBuy(rules, OrderType.LIMIT, d("60000"), d("0.000075"), skip.raiseLimit(d("100"), d("0")));

        assertThat(skip.raiseLimit(d("100"), d("0"))).isNull();
        assertThat(order.blockedReason()).isEqualTo("notional 4.2 is below the venue's minimum 5");
    }

    @Test
    void otherLegsSpendingTheCapitalLeaveNoRoomToRaise() {
        assertThat(raise.raiseLimit(d("100"), d("95")).toPlainString()).isEqualTo("15.0");
        assertThat(raise.raiseLimit(d("100"), d("120"))).isEqualByComparingTo("0");
    }

    @Test
    void marketOrdersUseTheMarketStepAndMaximumAndSkipTheNotionalWhereTheVenueDoes() {
        SymbolRules rules = rules("0.01", "0.00001").marketStepSize(d("0.001")).marketQuantityRange(null, d("1"))
                .notionalRange(d("10"), null).minNotionalAppliesToMarket(false).build();

        PreparedOrder small = raise.prepare(rules, Side.SELL, OrderType.MARKET, d("60000"), d("0.0001234"));
        PreparedOrder big = raise.prepare(rules, Side.SELL, OrderType.MARKET, d("60000"), d("2"));

        assertThat(small.quantity()).isEqualByComparingTo("0");
        assertThat(small.blockedReason()).isEqualTo("quantity rounds to zero");
        assertThat(big.blockedReason()).isEqualTo("quantity 2 is above the venue's maximum 1");
        assertThat(raise.prepare(rules, Side.SELL, OrderType.MARKET, d("60000"), d("0.0019")).quantity().toPlainString()).isEqualTo("0.001");
    }

    @Test
    void missingRulesAndHaltedSymbolsBlock() {
        assertThat(raise.prepare(null, Side.BUY, OrderType.LIMIT, d("1"), d("1")).blockedReason())
                .isEqualTo("no symbol rules for this symbol: refusing to guess");
        assertThat(raise.prepare(rules("0.01", "1").trading(false).build(), Side.BUY, OrderType.LIMIT, d("1"), d("100")).blockedReason())
                .isEqualTo("XY is not trading on the venue (halted)");
    }

    @Test
    void pricesOutsideTheVenuesRangeBlock() {
        SymbolRules rules = rules("0.01", "1").priceRange(d("0.01"), d("1000")).build();

        assertThat(raise.prepare(rules, Side.SELL, OrderType.LIMIT, d("1000.001"), d("1")).blockedReason())
                .isEqualTo("price 1000.01 is above the venue's maximum 1000");
        assertThat(raise.prepare(rules, Side.BUY, OrderType.LIMIT, d("0.009"), d("1")).blockedReason())
                .isEqualTo("price 0.009 rounds to zero at the tick 0.01");
    }

    // ---- partial sells: no dust -------------------------------------------------------------

    private final SymbolRules btc = rules("0.01", "0.00001").quantityRange(d("0.00001"), null).notionalRange(d("5"), null).build();

    @Test
    void aPartialSellThatLeavesASellableRemainderSellsThePart() {
        SellPlan plan = raise.planSell(btc, d("0.001"), d("0.0004"), d("60000"));

        assertThat(plan.everything()).isFalse();
        assertThat(plan.order().quantity().toPlainString()).isEqualTo("0.0004");
    }

    @Test
    void aPartialSellThatWouldLeaveAnUnsellableRemainderSellsEverything() {
        // 0.00095 of 0.001 leaves 0.00005 = 3 USDT, under the 5 USDT minimum: the classic NOTIONAL trap
        SellPlan plan = raise.planSell(btc, d("0.001"), d("0.00095"), d("60000"));

        assertThat(plan.everything()).isTrue();
        assertThat(plan.order().quantity().toPlainString()).isEqualTo("0.001");
        assertThat(plan.why()).isEqualTo("the remainder 0.00005 could not be sold later (notional 3 is below the venue's minimum 5)");
    }

    @Test
    void aPartTooSmallToSellIsRaisedToTheSmallestSellablePart() {
        SellPlan plan = raise.planSell(btc, d("0.001"), d("0.00002"), d("60000"));

        assertThat(plan.everything()).isFalse();
        assertThat(plan.order().quantity().toPlainString()).isEqualTo("0.00009");
        assertThat(plan.order().adjustments()).singleElement().extracting(Adjustment::why).isEqualTo("raised to the smallest part the venue accepts");
    }

    @Test
    void aHoldingBelowTheMinimumsCannotBeSoldAtAll() {
        SellPlan plan = raise.planSell(btc, d("0.00005"), d("0.00002"), d("60000"));

        assertThat(plan.everything()).isTrue();
        assertThat(plan.order().blocked()).isTrue();
    }
}
