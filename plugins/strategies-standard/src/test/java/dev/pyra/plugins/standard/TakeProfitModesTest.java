package dev.pyra.plugins.standard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitView;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TakeProfitModesTest {
    // two filled legs: bought at 100 (tp 2% → 102) and at 95 (tp 3% → 97.85); average entry 97.6, aggregate tp 1% → 98.576
    private final TakeProfitView group = new TakeProfitView(new BigDecimal("97.6"), new BigDecimal("1"), List.of(
            new TakeProfitView.Leg("leg-0", new BigDecimal("0.1"), new BigDecimal("102")),
            new TakeProfitView.Leg("leg-1", new BigDecimal("0.15"), new BigDecimal("97.85"))));

    @Test
    void aggregateTargetIsAverageEntryTimesOnePlusPercent() {
        assertThat(group.aggregateTarget()).isEqualByComparingTo("98.576");
    }

    @Test
    void perLegClosesOnlyLegsWhoseTargetIsReached() {
        PerLegTakeProfit mode = new PerLegTakeProfit();
        assertThat(mode.evaluate(group, new BigDecimal("97.84")).isNone()).isTrue();
        assertThat(mode.evaluate(group, new BigDecimal("97.85"))).isEqualTo(TakeProfitDecision.legs(List.of("leg-1")));
        assertThat(mode.evaluate(group, new BigDecimal("102"))).isEqualTo(TakeProfitDecision.legs(List.of("leg-0", "leg-1")));
    }

    @Test
    void aggregateClosesEverythingAtTheGroupTargetAndNothingBelow() {
        AggregateTakeProfit mode = new AggregateTakeProfit();
        assertThat(mode.evaluate(group, new BigDecimal("98.575")).isNone()).isTrue();
        assertThat(mode.evaluate(group, new BigDecimal("98.576"))).isEqualTo(TakeProfitDecision.all());
    }

    @Test
    void aggregateDoesNothingWhenNothingIsHeld() {
        TakeProfitView empty = new TakeProfitView(new BigDecimal("100"), BigDecimal.ONE, List.of());
        assertThat(new AggregateTakeProfit().evaluate(empty, new BigDecimal("1000")).isNone()).isTrue();
    }

    @Test
    void hybridTakesWhicheverTriggersFirst() {
        HybridTakeProfit mode = new HybridTakeProfit();
        assertThat(mode.evaluate(group, new BigDecimal("97.9"))).isEqualTo(TakeProfitDecision.legs(List.of("leg-1")));
        assertThat(mode.evaluate(group, new BigDecimal("98.6"))).isEqualTo(TakeProfitDecision.all());
        assertThat(mode.evaluate(group, new BigDecimal("97")).isNone()).isTrue();
    }

    @Test
    void eachModeNamesTheLowestPriceAtWhichItCouldAct() {
        assertThat(new PerLegTakeProfit().triggerPrice(group)).isEqualByComparingTo("97.85");
        assertThat(new AggregateTakeProfit().triggerPrice(group)).isEqualByComparingTo("98.576");
        assertThat(new HybridTakeProfit().triggerPrice(group)).isEqualByComparingTo("97.85");
        // below the trigger, evaluate never closes anything
        assertThat(new HybridTakeProfit().evaluate(group, new BigDecimal("97.849")).isNone()).isTrue();
    }

    @Test
    void idsAreTheConfigNames() {
        assertThat(List.of(new PerLegTakeProfit().id(), new AggregateTakeProfit().id(), new HybridTakeProfit().id()))
                .containsExactly("per-leg", "aggregate", "hybrid");
    }
}
