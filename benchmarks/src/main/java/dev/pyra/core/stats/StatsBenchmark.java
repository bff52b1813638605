package dev.pyra.core.stats;

import dev.pyra.core.Json;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.storage.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/stats} with a long history: N closed groups over one year on 20 pairs, each
 * written as the engine writes it (a position_groups row whose close fires the trigger that keeps
 * closed_trades and the roll-ups), a fill with a fee per group, and an equity sample every minute
 * of the year (525,600). Then the statistics of the whole history, of the last 30 days and of one
 * pair are asked for repeatedly, each answer serialized to JSON as the API sends it.
 *
 * <pre>java -cp "$CP" dev.pyra.core.stats.StatsBenchmark 100000 200</pre>
 */
public final class StatsBenchmark {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(365));

    public static void main(String[] args) throws Exception {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
                Database database = Database.open(postgres.getJdbcUrl("postgres", "postgres"), null, null)) {
            long t0 = System.nanoTime();
            populate(database, groups);
            System.out.printf("populated %,d closed groups and 525,600 equity samples in %.0f s%n", groups, (System.nanoTime() - t0) / 1e9);
            database.jdbi().useHandle(h -> h.execute("vacuum analyze"));
            Statistics statistics = new Statistics(database.jdbi(), () -> new PyraConfig.Stats(new BigDecimal("100000"), BigDecimal.ZERO),
                    List::of, List::of, Clock.fixed(END, ZoneOffset.UTC));
            breakdown(statistics.repository());
            measure("whole history", runs, () -> new Statistics.Query(null, null, null, null, "Europe/Berlin"), statistics);
            measure("last 30 days", runs, () -> new Statistics.Query(END.minus(Duration.ofDays(30)), null, null, null, "UTC"), statistics);
            measure("one pair, whole history", runs, () -> new Statistics.Query(null, null, "paper", "SYM7USDT", "UTC"), statistics);
            measure("one venue, a range to the minute", runs, () -> new Statistics.Query(START.plus(Duration.ofMinutes(90_017)),
                    END.minus(Duration.ofMinutes(4_321)), "paper", null, "UTC"), statistics);
        }
    }

    private static void populate(Database database, int groups) {
        double step = Duration.between(START, END).toSeconds() / (double) groups;
        database.jdbi().useHandle(h -> {
            h.execute("select setseed(0.42)");
            // each group's buy order and its fill (the fee), then the groups, inserted closed: the trigger does the rest
            h.execute("""
                    insert into orders (client_order_id, venue, group_id, pyramid, leg, purpose, symbol, side, order_type, quantity, status)
                    select 'b' || g, 'paper', g, 0, 0, 'BUY', 'SYM' || (g % 20) || 'USDT', 'BUY', 'MARKET', 1, 'FILLED'
                    from generate_series(1, ?) g""", groups);
            h.execute("insert into fills select 'b' || g, 't' || g, 100, 5, 0.5, 'USDT', timestamptz '2025-01-01' from generate_series(1, ?) g",
                    groups);
            // a statement's plans see the tables as they were planned: analyzed between batches, as autovacuum does for a live Pyra
            h.execute("analyze orders; analyze fills");
            // batches that double up to 20,000: the first ones teach the planner that closed_trades has rows
            for (int from = 1, size = 1_000; from <= groups; from += size, size = Math.min(20_000, size * 2)) {
                int to = Math.min(groups, from + size - 1);
                h.execute("analyze closed_trades");
                h.execute("""
                        insert into position_groups (id, exchange, symbol, pair_key, timeframe, side, status, opened_at, closed_at,
                            close_reason, realized_pnl, snapshot)
                        select g, 'paper', s, s, '60', 'buy', 'closed', t - interval '5 hours', t, 'exit', p,
                            jsonb_build_object('quoteAsset', 'USDT', 'baseAsset', 'SYM', 'pyramids', jsonb_build_array(jsonb_build_object(
                                'legs', jsonb_build_array(jsonb_build_object('filledQuote', 250), jsonb_build_object('filledQuote', 250)))))
                        from (select g, 'SYM' || (g % 20) || 'USDT' s, timestamptz '2025-01-01' + g * (? * interval '1 second') t,
                                     round((random() * 40 - 18)::numeric, 8) p
                              from generate_series(?, ?) g) x""", step, from, to);
            }
            h.execute("""
                    insert into equity_samples (at, equity, capital, realized, unrealized, locked)
                    select timestamptz '2025-01-01' + m * interval '1 minute', 100000 + 500 * sin(m / 5000.0) + m / 100.0, 100000, 0, 0, 0
                    from generate_series(0, 525599) m""");
        });
    }

    /** Where the time of one whole-history answer goes, query by query (the mean of 20). */
    private static void breakdown(StatsRepository r) {
        StatsRepository.Filter all = new StatsRepository.Filter(null, null, null, null);
        java.util.Map<String, Runnable> parts = new java.util.LinkedHashMap<>();
        parts.put("totals", () -> r.totals(all));
        parts.put("streaks", () -> r.streaks(all));
        parts.put("by pair", () -> r.totalsBy(all, "exchange, symbol", "exchange, symbol", 2));
        parts.put("by day", () -> r.totalsBy(all, "day::text", "((closed_at at time zone 'UTC')::date)::text", 1));
        parts.put("heatmap", () -> r.weekHours(all, java.time.ZoneId.of("Europe/Berlin")));
        parts.put("returns", () -> r.returnDistribution(all));
        parts.put("resolution", () -> r.resolution(null, null, END));
        parts.put("curve", () -> r.curve(null, null, r.resolution(null, null, END)));
        parts.put("daily closes", () -> r.dailyCloses(null, null));
        parts.forEach((name, part) -> {
            for (int i = 0; i < 5; i++) {
                part.run();
            }
            long t = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                part.run();
            }
            System.out.printf("  %-14s %6.2f ms%n", name, (System.nanoTime() - t) / 20 / 1e6);
        });
    }

    private static void measure(String what, int runs, Supplier<Statistics.Query> query, Statistics statistics) {
        for (int i = 0; i < Math.max(10, runs / 10); i++) {
            Json.MAPPER.writeValueAsBytes(statistics.stats(query.get()));
        }
        List<Long> micros = new ArrayList<>(runs);
        int bytes = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            bytes = Json.MAPPER.writeValueAsBytes(statistics.stats(query.get())).length;
            micros.add((System.nanoTime() - t) / 1000);
        }
        Collections.sort(micros);
        System.out.printf("%-36s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d runs, %,d bytes)%n", what, micros.get(runs / 2) / 1000.0,
                micros.get((int) Math.ceil(runs * 0.99) - 1) / 1000.0, micros.getLast() / 1000.0, runs, bytes);
    }
}
