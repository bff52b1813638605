package dev.pyra.core.trading;

import dev.pyra.api.exchange.PriceTick;
import dev.pyra.core.engine.EventLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TickBenchmark}'s direct path under JMH: one tick into the engine holding 1,000 live groups
 * × 25 legs, below every take-profit target. With {@code -prof gc} JMH reports the bytes allocated
 * per tick ({@code gc.alloc.rate.norm}). Run: see docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class TickJmh {
    private EventLoop loop;
    private TradingEngine engine;
    private PriceTick[] ticks;
    private int next;

    @Setup
    public void setUp() throws Exception {
        System.setProperty("pyra.logDir", java.nio.file.Files.createTempDirectory("pyra-bench").toString());
        System.setProperty("pyra.logLevel", "WARN");
        loop = new EventLoop();
        engine = TickBenchmark.liveEngine(loop);
        ticks = TickBenchmark.ticksBelowTargets();
    }

    @Benchmark
    public void tick() {
        // as the event loop calls it: back to back on one thread
        engine.onTick("bench", ticks[next]);
        next = next + 1 == ticks.length ? 0 : next + 1;
    }

    @TearDown
    public void tearDown() {
        loop.close();
    }
}
