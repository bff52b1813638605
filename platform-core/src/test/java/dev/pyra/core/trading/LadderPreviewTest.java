package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.precision.BelowMinimum;
import dev.pyra.core.precision.PrecisionEngine;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderPreviewTest {
    private static final SymbolRules BTC = SymbolRules.builder("BTCUSDT", "BTC", "USDT").tickSize(d("0.01")).stepSize(d("0.00001"))
            .quantityRange(d("0.00001"), d("9000")).notionalRange(d("5"), null).minNotionalAppliesToMarket(true).build();
    private final PrecisionEngine precision = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.RAISE, d("10")));

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static PyraConfig.Engine engine(String capital, String entryOrder, PyraConfig.Layer... layers) {
        return new PyraConfig.Engine(5, d(capital), entryOrder, new PyraConfig.TakeProfit("per-leg", d("1")), List.of(layers), null);
    }

    private static PyraConfig.Layer layer(String gap, String weight, String tp) {
        return new PyraConfig.Layer(d(gap), d(weight), d(tp));
    }

    @Test
    void eachLegIsPricedOnTheTickSizedOnTheStepAndItsTakeProfitFollowsItsFill() {
        LadderPreview.Plan plan = LadderPreview.plan("paper", BTC, d("64000.005"),
                engine("1000", "limit", layer("0", "40", "1"), layer("1", "30", "1.5"), layer("2.5", "30", "2")), precision);

        List<LadderPreview.Leg> legs = plan.legs();
        // the entry: a limit at the price, rounded down onto the tick; 400 USDT at the price asked (0.0062499…), floored onto the step
        assertThat(legs.get(0).price()).isEqualByComparingTo("64000.00");
        assertThat(legs.get(0).quantity()).isEqualByComparingTo("0.00624");
        assertThat(legs.get(0).takeProfit()).isEqualByComparingTo("64640.00");
        assertThat(legs.get(0).status()).isEqualTo("adjusted");
        // leg 1 rests 1 % below the entry's fill: 63360.00; 300 USDT → 0.004734848… → 0.00473
        assertThat(legs.get(1).plannedPrice()).isEqualByComparingTo("63360");
        assertThat(legs.get(1).price()).isEqualByComparingTo("63360.00");
        assertThat(legs.get(1).quantity()).isEqualByComparingTo("0.00473");
        assertThat(legs.get(1).takeProfit()).isEqualByComparingTo("64310.40");
        // leg 2: 62400.00 × 1.02 = 63648.00
        assertThat(legs.get(2).price()).isEqualByComparingTo("62400.00");
        assertThat(legs.get(2).takeProfit()).isEqualByComparingTo("63648.00");
        // the average after each fill, and what the pyramid commits
        BigDecimal quote = d("64000.00").multiply(d("0.00624")).add(d("63360.00").multiply(d("0.00473")));
        BigDecimal quantity = d("0.00624").add(d("0.00473"));
        assertThat(legs.get(1).averageEntryAfter()).isEqualByComparingTo(quote.divide(quantity, 4, java.math.RoundingMode.HALF_EVEN));
        assertThat(legs.get(1).committedAfter()).isEqualByComparingTo(quote);
        assertThat(plan.committed()).isLessThanOrEqualTo(d("1000"));
        assertThat(plan.maxCommitted()).isEqualByComparingTo(plan.committed().multiply(d("5")));
    }

    @Test
    void aLegBelowTheVenuesMinimumIsRaisedWithinTheCapitalOrBlocked() {
        LadderPreview.Plan plan = LadderPreview.plan("paper", BTC, d("64000"),
                engine("10", "market", layer("0", "80", "1"), layer("1", "20", "1")), precision);

        assertThat(plan.legs().get(0).status()).isIn("ok", "adjusted");
        LadderPreview.Leg small = plan.legs().get(1);
        // 2 USDT is under the 5 USDT minimum, and raising it would overspend 10 USDT + 10 %
        assertThat(small.status()).isEqualTo("blocked");
        assertThat(small.problems()).anyMatch(p -> p.contains("leg skipped"));
    }

    @Test
    void anEntryThatCannotBeSentBlocksTheWholeLadder() {
        LadderPreview.Plan plan = LadderPreview.plan("paper", BTC, d("64000"),
                engine("3", "market", layer("0", "50", "1"), layer("1", "50", "1")), precision);

        assertThat(plan.legs()).allMatch(l -> l.status().equals("blocked"));
        assertThat(plan.legs().get(1).problems()).containsExactly("the entry cannot be sent, so the ladder is never placed");
        assertThat(plan.committed()).isEqualByComparingTo("0");
    }
}
