package dev.pyra.bench;

import dev.pyra.core.PyraOptions;
import dev.pyra.core.config.Environment;
import dev.pyra.core.storage.EmbeddedDatabase;
import dev.pyra.launcher.PyraServer;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Webhook answer latency (p50/p99) and webhook-to-first-order latency at fixed arrival rates,
 * over loopback HTTP, against Pyra with its embedded PostgreSQL (synchronous commit on), and a
 * bare Javalin handler measured in the same run as the floor. Open loop: each request is due at
 * its own time and its latency counts from then, so a stall is not hidden. With
 * {@code -Dbench.hooks=true} a filter hook and a ladder hook decide every signal (what hooks add).
 *
 * <p>Run: see docs/performance.md.
 */
public final class WebhookBenchmark {
    private static final String SECRET = BenchPyra.SECRET;
    /** Kept-alive connections, as many as TradingView-like senders might hold open at once. */
    private static final int CONNECTIONS = 64;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int[] rates = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {100, 1000};
        // every 5 signals open a new position group (a run may start inside one): the pool must hold them all
        int groups = (warmUp * Arrays.stream(rates).max().orElse(1000) + seconds * Arrays.stream(rates).sum()) / 5 + rates.length + 1;
        if (groups > 10_000) {
            throw new IllegalArgumentException("a run of " + groups + " position groups is more than the pool's limit of 10,000:"
                    + " measure or warm up for fewer seconds");
        }
        try (BenchPyra bench = BenchPyra.start(groups, Boolean.getBoolean("bench.hooks"))) {
            PyraServer pyra = bench.server();
            String jdbcUrl = bench.jdbcUrl();
            String pyraUrl = bench.pyraUrl();
            String floorUrl = bench.floorUrl();
            int[] next = {0};

            // the JIT compiles Jetty's, Jackson's and the driver's hot paths for the first
            // tens of seconds under load; a shorter warm-up measures the compiler, not Pyra
            int top = Arrays.stream(rates).max().orElse(1000);
            run("warm-up floor", floorUrl, top, warmUp, next);
            run("warm-up pyra", pyraUrl, top, warmUp, next);
            List<String> report = new ArrayList<>();
            for (int rate : rates) {
                report.add(run("floor (bare Javalin)", floorUrl, rate, seconds, next));
                int first = next[0];
                Database before = Database.now(jdbcUrl);
                report.add(run("pyra webhook", pyraUrl, rate, seconds, next));
                pyra.pyra().trading().flush();
                report.add(firstOrder(jdbcUrl, first, next[0]));
                report.add(Database.now(jdbcUrl).since(before, next[0] - first));
            }
            System.out.println();
            System.out.println("Results (" + seconds + " s per run):");
            report.forEach(System.out::println);
        }
    }

    /** Sends {@code rate} requests per second for {@code seconds}, each at its due time. */
    private static String run(String name, String url, int rate, int seconds, int[] next) throws Exception {
        URI uri = URI.create(url);
        int first = next[0];
        next[0] += rate * seconds;
        CpuTime before = CpuTime.now();
        Allocation allocatedBefore = Allocation.now();
        LoadGenerator.Result result = new LoadGenerator(uri.getHost(), uri.getPort(), uri.getPath(), CONNECTIONS).run(rate, seconds,
                i -> "{\"secret\":\"" + SECRET + "\",\"exchange\":\"bench\",\"symbol\":\"BTCUSDT\",\"timeframe\":\"" + ((first + i) / 5 + 1)
                        + "\",\"action\":\"" + System.getProperty("bench.action", "buy") + "\",\"price\":\"60000\",\"id\":\"b-" + (first + i) + "\"}",
                answer -> answer.contains(System.getProperty("bench.expect", "executed")));
        CpuTime cpu = CpuTime.now();
        Allocation allocated = Allocation.now();
        long[] latencies = result.latencyNanos();
        org.HdrHistogram.Histogram histogram = result.histogram();
        return String.format("%-22s %5d/s  answer %s  failed %d of %d  CPU per request: JVM %.2f ms, PostgreSQL %.2f ms",
                name, rate, percentiles(histogram), result.failures(), latencies.length,
                (cpu.jvmNanos() - before.jvmNanos()) / 1e6 / latencies.length,
                (cpu.postgresNanos() - before.postgresNanos()) / 1e6 / latencies.length)
                + "\n" + " ".repeat(32) + allocated.perRequestSince(allocatedBefore, latencies.length);
    }

    /** p50, p99, p99.9 and max of a histogram in microseconds, printed in milliseconds. */
    private static String percentiles(org.HdrHistogram.Histogram micros) {
        return String.format("p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %7.2f ms", micros.getValueAtPercentile(50) / 1e3,
                micros.getValueAtPercentile(99) / 1e3, micros.getValueAtPercentile(99.9) / 1e3, micros.getMaxValue() / 1e3);
    }

    /** From the signal's arrival to its first order's intent being recorded (just before it leaves for the venue). */
    private static String firstOrder(String jdbcUrl, int first, int last) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            ResultSet rs = connection.createStatement().executeQuery("""
                    select extract(epoch from (o.created_at - s.received_at)) * 1000000 as micros
                    from position_groups g
                    cross join lateral jsonb_array_elements(g.snapshot -> 'pyramids') p
                    join signals s on s.id = (p ->> 'signalId')::bigint
                    join orders o on o.group_id = g.id and o.pyramid = (p ->> 'index')::int and o.leg = 0 and o.purpose = 'BUY'
                    where substring(s.client_signal_id from 3)::int between %d and %d""".formatted(first, last - 1));
            org.HdrHistogram.Histogram micros = new org.HdrHistogram.Histogram(600_000_000L, 3);
            while (rs.next()) {
                micros.recordValue(Math.max(1, rs.getLong(1)));
            }
            ResultSet stored = connection.createStatement().executeQuery("""
                    select count(*) from signals where client_signal_id like 'b-%%' and substring(client_signal_id from 3)::int between %d and %d"""
                    .formatted(first, last - 1));
            stored.next();
            return String.format("%-22s          first order %s  (%d orders for %d stored signals of %d sent)",
                    "  webhook → order", percentiles(micros), micros.getTotalCount(), stored.getLong(1), last - first);
        }
    }

    /** What the database did: transactions, rows and WAL bytes, and the group snapshots' size. */
    private record Database(long commits, long rows, long walBytes, long snapshotChars) {
        static Database now(String jdbcUrl) throws Exception {
            try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
                ResultSet rs = connection.createStatement().executeQuery("""
                        select (select xact_commit from pg_stat_database where datname = current_database()),
                               (select coalesce(sum(n_tup_ins + n_tup_upd), 0) from pg_stat_user_tables),
                               (select wal_bytes from pg_stat_wal),
                               (select coalesce(avg(length(snapshot::text)), 0) from position_groups)""");
                rs.next();
                return new Database(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }

        String since(Database before, int signals) {
            return String.format("%-22s          per signal: %.2f commits, %.1f rows written, %.0f WAL bytes; group snapshot %d chars",
                    "  database", (double) (commits - before.commits) / signals, (double) (rows - before.rows) / signals,
                    (double) (walBytes - before.walBytes) / signals, snapshotChars);
        }
    }

    private WebhookBenchmark() {}
}
