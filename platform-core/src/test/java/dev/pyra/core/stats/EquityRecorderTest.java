package dev.pyra.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.TestPostgres;
import dev.pyra.core.trading.GroupView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The equity curve's samples at closes: a burst of closes is one read of the open groups, not one per close. */
class EquityRecorderTest {
    @Test
    void closesInABurstShareASampleThatCountsEveryOneOfThem() {
        Database database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
        AtomicInteger loopReads = new AtomicInteger();
        Statistics statistics = new Statistics(database.jdbi(), () -> new PyraConfig.Stats(new BigDecimal("1000"), BigDecimal.ZERO),
                () -> {
                    loopReads.incrementAndGet(); // each is a view of every open group, built on the event loop
                    return List.of();
                }, List::of, Clock.systemUTC());
        try (database; EquityRecorder recorder = new EquityRecorder(statistics, null)) {
            GroupView closed = StatisticsTest.openGroup(); // realized +2
            for (int i = 0; i < 100; i++) {
                recorder.groupClosed(closed);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> lastSampleRealized(database), r -> r != null && r.compareTo(new BigDecimal("200")) == 0);
            int samples = database.jdbi().withHandle(h -> h.createQuery("select count(*) from equity_samples").mapTo(Integer.class).one());
            assertThat(samples).as("samples for 100 closes").isBetween(1, 3);
            assertThat(loopReads.get()).as("reads of the open groups").isBetween(1, 3);

            recorder.groupClosed(closed); // a close after the burst still gets its own sample, within a second
            await().atMost(Duration.ofSeconds(5)).until(() -> lastSampleRealized(database), r -> r.compareTo(new BigDecimal("202")) == 0);
        }
    }

    private static BigDecimal lastSampleRealized(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("select realized from equity_samples order by at desc limit 1")
                .mapTo(BigDecimal.class).findOne().orElse(null));
    }
}
