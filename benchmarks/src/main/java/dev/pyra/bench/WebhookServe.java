package dev.pyra.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Pyra with the bench venue and the bare-handler floor, listening until its standard input
 * closes, for an outside load generator ({@code benchmarks/scripts/webhook-throughput.sh}, wrk).
 * Prints {@code pyra=<url> floor=<url>} when ready; at the end, what the database holds, so the
 * script can check that every answered signal was stored once.
 *
 * <p>Args: [maxActiveGroups, default 10,000].
 */
public final class WebhookServe {
    public static void main(String[] args) throws Exception {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (BenchPyra bench = BenchPyra.start(groups, Boolean.getBoolean("bench.hooks"))) {
            System.out.println("pyra=" + bench.pyraUrl() + " floor=" + bench.floorUrl());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // any line: nothing to do; the end of the input ends the run
            }
            bench.server().pyra().trading().flush();
            // the answers are durable at once; execution may lag behind them at saturation: how long until it has caught up
            long stopped = System.nanoTime();
            long closing = -1;
            while (System.nanoTime() - stopped < 60_000_000_000L) {
                try (Connection connection = DriverManager.getConnection(bench.jdbcUrl());
                        ResultSet rs = connection.createStatement().executeQuery(
                                "select count(*) from position_groups where status = 'closing'")) {
                    rs.next();
                    closing = rs.getLong(1);
                }
                if (closing == 0) {
                    break;
                }
                Thread.sleep(200);
            }
            System.out.printf("execution caught up %.1f s after the load stopped (groups still closing: %d)%n",
                    (System.nanoTime() - stopped) / 1e9, closing);
            try (Connection connection = DriverManager.getConnection(bench.jdbcUrl());
                    ResultSet rs = connection.createStatement().executeQuery("""
                            select (select count(*) from signals), (select count(distinct client_signal_id) from signals),
                                   (select count(*) from signals where status = 'received'),
                                   (select count(*) from orders), (select count(*) from fills),
                                   (select count(*) from position_groups where status <> 'closed')""")) {
                rs.next();
                System.out.printf("stored signals=%d distinct ids=%d undecided=%d orders=%d fills=%d open groups=%d%n", rs.getLong(1),
                        rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
            try (Connection connection = DriverManager.getConnection(bench.jdbcUrl());
                    ResultSet rs = connection.createStatement().executeQuery("""
                            select 'group ' || status, count(*) from position_groups group by status
                            union all select 'signal ' || status || ': ' || coalesce(left(reason, 60), ''), count(*) from signals
                            group by status, left(reason, 60) order by 2 desc limit 12""")) {
                while (rs.next()) {
                    System.out.printf("  %s = %d%n", rs.getString(1), rs.getLong(2));
                }
            }
        }
    }

    private WebhookServe() {}
}
