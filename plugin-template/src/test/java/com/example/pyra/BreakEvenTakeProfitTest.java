package com.example.pyra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.strategy.TakeProfitDecision;
import dev.pyra.api.strategy.TakeProfitView;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakEvenTakeProfitTest {
    private final TakeProfitView group = new TakeProfitView(new BigDecimal("100"), BigDecimal.ONE,
            List.of(new TakeProfitView.Leg("leg-0", BigDecimal.ONE, new BigDecimal("102"))));

    @Test
    void closesEverythingBackAtTheAverageEntry() {
        assertThat(new BreakEvenTakeProfit().evaluate(group, new BigDecimal("100"))).isEqualTo(TakeProfitDecision.all());
    }

    @Test
    void holdsBelowIt() {
        assertThat(new BreakEvenTakeProfit().evaluate(group, new BigDecimal("99.99")).isNone()).isTrue();
    }
}
