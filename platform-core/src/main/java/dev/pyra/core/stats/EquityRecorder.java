package dev.pyra.core.stats;

import dev.pyra.core.live.LiveFeed;
import dev.pyra.core.trading.GroupView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the equity curve: a sample every minute while groups are open and one at each close; and
 * tells the browsers the live figures ({@code stats.updated}) at most once a second when they
 * moved. Runs on its own thread: the event loop only hands it a closed group.
 */
public final class EquityRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.pyra.system");
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final Statistics statistics;
    private final LiveFeed feed;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pyra-stats");
        t.setDaemon(true);
        return t;
    });
    private Instant lastSample;
    private Statistics.Live lastSent;
    /** A close's sample is scheduled and not taken yet: the closes before it runs share it. */
    private final java.util.concurrent.atomic.AtomicBoolean closeSamplePending = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long lastCloseSampleNanos = System.nanoTime() - CLOSE_SAMPLE_SPACING.toNanos();
    /**
     * Closes in a burst share a sample, at most one a second: each sample asks the event loop for a
     * view of every open group, and 100 closes a second would spend a third of the loop on it.
     */
    private static final Duration CLOSE_SAMPLE_SPACING = Duration.ofSeconds(1);

    public EquityRecorder(Statistics statistics, LiveFeed feed) {
        this.statistics = statistics;
        this.feed = feed;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** From the event loop: a group closed. Its PnL is realized at once; the sample follows on this thread. */
    public void groupClosed(GroupView group) {
        statistics.groupClosed(group);
        if (closeSamplePending.compareAndSet(false, true)) {
            long wait = Math.max(0, lastCloseSampleNanos + CLOSE_SAMPLE_SPACING.toNanos() - System.nanoTime());
            try {
                thread.schedule(() -> {
                    lastCloseSampleNanos = System.nanoTime(); // first: a close right after this waits its second
                    closeSamplePending.set(false); // a close from now on is after this sample: it gets the next one
                    sample("a group closed");
                }, wait, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeSamplePending.set(false); // stopping: the close is in the realized PnL; the next start's first sample shows it
            }
        }
    }

    private void tick() {
        boolean watched = feed != null && feed.hasSubscribers();
        boolean sampleDue = lastSample == null || !Instant.now().isBefore(lastSample.plus(EVERY));
        if (!watched && !sampleDue) {
            return; // nobody to tell and no sample due: the event loop is not asked for its groups
        }
        try {
            Statistics.Live live = statistics.live();
            Instant now = live.at();
            if (live.openGroups() > 0 && (lastSample == null || !now.isBefore(lastSample.plus(EVERY)))) {
                save(live);
            }
            publish(live);
        } catch (RuntimeException e) {
            log.debug("Equity not sampled: {}", e.getMessage());
        }
    }

    private void sample(String why) {
        try {
            Statistics.Live live = statistics.live();
            save(live);
            publish(live);
        } catch (RuntimeException e) {
            log.warn("Equity not sampled ({}): {}", why, e.getMessage());
        }
    }

    private void save(Statistics.Live live) {
        Instant at = lastSample != null && !live.at().isAfter(lastSample) ? lastSample.plusMillis(1) : live.at();
        statistics.repository().saveSample(at, live.equity(), live.capital(), live.realizedPnl().add(live.openRealizedPnl()),
                live.unrealizedPnl(), live.tvl());
        lastSample = at;
    }

    private void publish(Statistics.Live live) {
        if (feed == null || !feed.hasSubscribers() || same(live, lastSent)) {
            return;
        }
        lastSent = live;
        feed.publish("stats.updated", "stats", live);
    }

    private static boolean same(Statistics.Live a, Statistics.Live b) {
        return b != null && a.openGroups() == b.openGroups() && equal(a.equity(), b.equity()) && equal(a.tvl(), b.tvl())
                && equal(a.capital(), b.capital());
    }

    private static boolean equal(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /** Samples what is there now, for a test or a clean stop. */
    public void sampleNow() {
        try {
            thread.submit(() -> sample("asked")).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("equity sample failed", e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
