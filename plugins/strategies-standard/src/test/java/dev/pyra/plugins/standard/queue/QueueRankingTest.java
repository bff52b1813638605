package dev.pyra.plugins.standard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.Side;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.QueuedEntry;
import dev.pyra.core.pool.RankedEntry;
import dev.pyra.core.pool.WaitingQueue;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import dev.pyra.core.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The standard ranking rules, alone and chained, in the engine's execution pool. */
class QueueRankingTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<String> DEFAULT = List.of("continuation", "loss-percent", "replacement-count", "fifo");
    private static final Map<String, QueuePriorityRule> RULES = Map.of(
            "continuation", new ContinuationRule(), "loss-percent", new LossPercentRule(),
            "replacement-count", new ReplacementCountRule(), "fifo", new FifoRule());

    private final List<QueuedEntry> entries = new ArrayList<>();
    private final Map<String, BigDecimal> lastPrices = new HashMap<>();
    private Set<String> active = Set.of();
    private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    /** Queues {@code pair} on timeframe 60 at {@code price}, in arrival order, replaced {@code replacements} times. */
    private void queued(String pair, String price, int replacements) {
        long sequence = entries.size() + 1;
        Signal signal = new Signal("paper", pair, pair, pair, "60", Side.BUY, SignalType.ENTRY, null, new BigDecimal(price), null, null);
        entries.add(QueuedEntry.restored(sequence, new StoredSignal(100 + sequence, signal, T0), 100 + sequence,
                T0.plusSeconds(sequence), null, replacements));
    }

    private void market(String pair, String price) {
        lastPrices.put(pair, new BigDecimal(price));
    }

    private ExecutionPool pool(List<String> chain) {
        WaitingQueue queue = new WaitingQueue(null);
        queue.restore(entries);
        return new ExecutionPool(queue, () -> new PyraConfig.Pool(2, chain, 0, 60), RULES, clock);
    }

    private List<RankedEntry> ranked(ExecutionPool pool) {
        return pool.ranked(active, (venue, symbol) -> lastPrices.get(symbol));
    }

    private List<String> order(List<String> chain) {
        return ranked(pool(chain)).stream().map(RankedEntry::pairKey).toList();
    }

    // ---- each rule -------------------------------------------------------------------------

    @Test
    void continuationRanksAPairAndTimeframeWithAnActiveGroupFirst() {
        queued("SOLUSDT", "150", 0);
        queued("BTCUSDT", "60000", 0);
        active = Set.of("BTCUSDT|60");

        assertThat(order(List.of("continuation"))).containsExactly("BTCUSDT", "SOLUSDT");
        assertThat(ranked(pool(List.of("continuation"))).getFirst().values()).containsEntry("continuation", BigDecimal.ONE);
    }

    @Test
    void continuationCountsAJustClosedGroupWithinTheWindowOnly() {
        queued("SOLUSDT", "150", 0);
        queued("BTCUSDT", "60000", 0);
        MutableClock moving = new MutableClock(T0);
        clock = moving;
        ExecutionPool pool = pool(DEFAULT);
        pool.groupClosed("BTCUSDT", "60");

        moving.set(T0.plus(Duration.ofMinutes(60))); // pool.justClosedMinutes is 60
        assertThat(ranked(pool)).extracting(RankedEntry::pairKey).containsExactly("BTCUSDT", "SOLUSDT");
        moving.set(T0.plus(Duration.ofMinutes(61)));
        assertThat(ranked(pool)).extracting(RankedEntry::pairKey).containsExactly("SOLUSDT", "BTCUSDT");
    }

    @Test
    void lossPercentIsHowFarTheMarketFellBelowTheSignal() {
        queued("SOLUSDT", "150", 0);
        queued("BTCUSDT", "60000", 0);
        queued("ETHUSDT", "2000", 0);
        market("SOLUSDT", "147"); // 2 % below
        market("BTCUSDT", "54000"); // 10 % below
        market("ETHUSDT", "2100"); // 5 % above: -5

        List<RankedEntry> ranked = ranked(pool(List.of("loss-percent")));

        assertThat(ranked).extracting(RankedEntry::pairKey).containsExactly("BTCUSDT", "SOLUSDT", "ETHUSDT");
        assertThat(ranked).extracting(r -> r.values().get("loss-percent"))
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("10"), new BigDecimal("2"), new BigDecimal("-5"));
    }

    @Test
    void lossPercentIsZeroWhileNoPriceIsKnown() {
        queued("SOLUSDT", "150", 0);

        assertThat(ranked(pool(List.of("loss-percent"))).getFirst().values().get("loss-percent")).isEqualByComparingTo("0");
    }

    @Test
    void replacementCountRanksTheMostReplacedFirst() {
        queued("SOLUSDT", "150", 1);
        queued("BTCUSDT", "60000", 3);
        queued("ETHUSDT", "2000", 0);

        assertThat(order(List.of("replacement-count"))).containsExactly("BTCUSDT", "SOLUSDT", "ETHUSDT");
    }

    @Test
    void fifoRanksByArrival() {
        queued("SOLUSDT", "150", 5);
        queued("BTCUSDT", "60000", 0);
        queued("ETHUSDT", "2000", 9);

        assertThat(order(List.of("fifo"))).containsExactly("SOLUSDT", "BTCUSDT", "ETHUSDT");
    }

    // ---- the chain ---------------------------------------------------------------------------

    @Test
    void continuationOutranksLossPercent() {
        queued("SOLUSDT", "150", 0);
        queued("BTCUSDT", "60000", 0);
        market("SOLUSDT", "120"); // 20 % loss
        active = Set.of("BTCUSDT|60");

        assertThat(order(DEFAULT)).containsExactly("BTCUSDT", "SOLUSDT");
    }

    @Test
    void lossPercentOutranksReplacements() {
        queued("SOLUSDT", "150", 4);
        queued("BTCUSDT", "60000", 0);
        market("BTCUSDT", "59400"); // 1 % loss

        assertThat(order(DEFAULT)).containsExactly("BTCUSDT", "SOLUSDT");
    }

    @Test
    void replacementsOutrankArrival() {
        queued("SOLUSDT", "150", 0);
        queued("BTCUSDT", "60000", 2);

        assertThat(order(DEFAULT)).containsExactly("BTCUSDT", "SOLUSDT");
    }

    @Test
    void tiesOnEveryOtherRuleFallThroughToFifo() {
        queued("SOLUSDT", "150", 1);
        queued("BTCUSDT", "60000", 1);
        queued("ETHUSDT", "2000", 1);
        market("SOLUSDT", "135"); // each 10 % below its signal
        market("BTCUSDT", "54000");
        market("ETHUSDT", "1800");
        active = Set.of("SOLUSDT|60", "BTCUSDT|60", "ETHUSDT|60");

        List<RankedEntry> ranked = ranked(pool(DEFAULT));

        assertThat(ranked).extracting(RankedEntry::pairKey).containsExactly("SOLUSDT", "BTCUSDT", "ETHUSDT");
        assertThat(ranked).extracting(RankedEntry::rank).containsExactly(1, 2, 3);
        assertThat(ranked.getFirst().values().keySet()).containsExactly("continuation", "loss-percent", "replacement-count", "fifo");
    }

    @Test
    void theChainFollowsTheConfiguredOrder() {
        queued("SOLUSDT", "150", 0);
        queued("BTCUSDT", "60000", 3);
        market("SOLUSDT", "135"); // 10 % loss

        assertThat(order(List.of("loss-percent", "replacement-count"))).containsExactly("SOLUSDT", "BTCUSDT");
        assertThat(order(List.of("replacement-count", "loss-percent"))).containsExactly("BTCUSDT", "SOLUSDT");
    }
}
