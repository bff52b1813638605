package dev.pyra.plugins.standard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.strategy.RiskCandidate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorstLossSelectorTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private final WorstLossSelector selector = new WorstLossSelector();

    private static RiskCandidate loser(long id, String percent, String usd, int minutesOld) {
        return new RiskCandidate(id, "paper", "S" + id, "60", new BigDecimal(percent), new BigDecimal(usd), T0.minusSeconds(60L * minutesOld));
    }

    private List<Long> order(RiskCandidate... candidates) {
        return selector.rank(List.of(candidates)).stream().map(RiskCandidate::groupId).toList();
    }

    @Test
    void theHighestLossPercentFirst() {
        assertThat(order(loser(1, "6", "500", 10), loser(2, "12.5", "20", 1), loser(3, "8", "100", 100))).containsExactly(2L, 3L, 1L);
    }

    @Test
    void thenTheHighestLossInUsd() {
        assertThat(order(loser(1, "10", "25", 10), loser(2, "10", "80", 1), loser(3, "10.0", "40", 100))).containsExactly(2L, 3L, 1L);
    }

    @Test
    void thenTheOldest() {
        assertThat(order(loser(1, "10", "25", 10), loser(2, "10", "25", 30), loser(3, "10", "25.00", 20))).containsExactly(2L, 3L, 1L);
    }

    @Test
    void itsIdIsTheDefaultInConfig() {
        assertThat(selector.id()).isEqualTo("worst-loss");
    }
}
