package dev.pyra.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.config.PyraConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The activation conditions and timer starts the scenarios cannot reach through the contract (time, stale prices). */
class RiskConditionsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static PyraConfig.Risk risk(String timerStart, int requiredPyramids) {
        return new PyraConfig.Risk(true, "worst-loss", requiredPyramids, timerStart, false, 30, new BigDecimal("-5"), 0, 3, false,
                new BigDecimal("5"), 60, 0);
    }

    /** 0.05 ETH bought for 100.1 (fees included), at {@code price} now, priced {@code priceAge} ago. */
    private static RiskGroup group(int pyramids, boolean submitted, boolean filled, Instant timer, String price, Duration priceAge) {
        return new RiskGroup(7, "paper", "ETHUSDT", "ETHUSDT", "60", "USDT", NOW.minus(Duration.ofHours(2)), pyramids, submitted, filled,
                timer, new BigDecimal("0.05"), new BigDecimal("100.1"), new BigDecimal(price), NOW.minus(priceAge), new BigDecimal("0.001"),
                false);
    }

    @Test
    void theTimerStartsOnTheConfiguredCondition() {
        RiskGroup submittedNotFilled = group(5, true, false, null, "1800", Duration.ZERO);
        RiskGroup notSubmitted = group(5, false, false, null, "1800", Duration.ZERO);

        assertThat(RiskEngine.timerCondition(notSubmitted, risk("pyramidsReached", 5))).isTrue();
        assertThat(RiskEngine.timerCondition(group(4, true, true, null, "1800", Duration.ZERO), risk("pyramidsReached", 5))).isFalse();
        assertThat(RiskEngine.timerCondition(notSubmitted, risk("allDcaSubmitted", 5))).isFalse();
        assertThat(RiskEngine.timerCondition(submittedNotFilled, risk("allDcaSubmitted", 5))).isTrue();
        assertThat(RiskEngine.timerCondition(submittedNotFilled, risk("allDcaFilled", 5))).isFalse();
        assertThat(RiskEngine.timerCondition(group(5, true, true, null, "1800", Duration.ZERO), risk("allDcaFilled", 5))).isTrue();
    }

    @Test
    void theWaitCountsFromTheTimersStart() {
        assertThat(RiskEngine.conditions(group(5, true, true, NOW.minus(Duration.ofMinutes(29)), "1800", Duration.ZERO),
                risk("pyramidsReached", 5), NOW)).containsEntry("timer", false);
        assertThat(RiskEngine.conditions(group(5, true, true, NOW.minus(Duration.ofMinutes(30)), "1800", Duration.ZERO),
                risk("pyramidsReached", 5), NOW)).containsEntry("timer", true);
    }

    @Test
    void aStalePriceBlocksOnItsOwn() {
        RiskGroup stale = group(5, true, true, NOW.minus(Duration.ofHours(1)), "1800", Duration.ofSeconds(61));

        assertThat(RiskEngine.conditions(stale, risk("pyramidsReached", 5), NOW))
                .containsEntry("price", false)
                .containsEntry("pyramids", true).containsEntry("timer", true).containsEntry("loss", true).containsEntry("age", true);
    }

    @Test
    void lossIsTheNetOfSellingNowFeesIncluded() {
        RiskGroup group = group(5, true, true, null, "1800", Duration.ZERO);

        assertThat(group.unrealizedNet()).isEqualByComparingTo("-10.19"); // 90 x 0.999 - 100.1
        assertThat(group.unrealizedPercent()).isBetween(new BigDecimal("-10.18"), new BigDecimal("-10.17"));
    }
}
