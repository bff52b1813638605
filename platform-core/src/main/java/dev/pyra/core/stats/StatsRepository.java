package dev.pyra.core.stats;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The dashboard's SQL. Sums come from the daily roll-up for the whole UTC days of a range and
 * from the closed trades themselves for its partial first and last day, so a range is exact to
 * the instant and a long history costs its number of days, not its number of trades.
 */
final class StatsRepository {
    private final Jdbi jdbi;

    StatsRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A range of close times, [from, to), and which venue or pair; null means any. */
    record Filter(Instant from, Instant to, String exchange, String symbol) {
        Filter {
            exchange = blank(exchange);
            symbol = blank(symbol);
        }

        private static String blank(String text) {
            return text == null || text.isBlank() ? null : text.trim();
        }
    }

    /** What the trades of a range add up to. */
    record Totals(long trades, long wins, long losses, BigDecimal realizedPnl, BigDecimal fees, BigDecimal grossProfit,
            BigDecimal grossLoss, BigDecimal invested, BigDecimal holdingSeconds, BigDecimal best, BigDecimal worst) {
        static final Totals NONE = new Totals(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, null, null);

        Totals plus(Totals o) {
            return new Totals(trades + o.trades, wins + o.wins, losses + o.losses, realizedPnl.add(o.realizedPnl), fees.add(o.fees),
                    grossProfit.add(o.grossProfit), grossLoss.add(o.grossLoss), invested.add(o.invested),
                    holdingSeconds.add(o.holdingSeconds), max(best, o.best), min(worst, o.worst));
        }

        private static BigDecimal max(BigDecimal a, BigDecimal b) {
            return a == null ? b : b == null ? a : a.max(b);
        }

        private static BigDecimal min(BigDecimal a, BigDecimal b) {
            return a == null ? b : b == null ? a : a.min(b);
        }
    }

    private static final String ROLLED = """
            coalesce(sum(trades), 0) trades, coalesce(sum(wins), 0) wins, coalesce(sum(losses), 0) losses,
            coalesce(sum(realized_pnl), 0) realized, coalesce(sum(fees), 0) fees, coalesce(sum(gross_profit), 0) gp,
            coalesce(sum(gross_loss), 0) gl, coalesce(sum(invested), 0) invested, coalesce(sum(holding_seconds), 0) holding,
            max(best) best, min(worst) worst""";

    private static final String RAW = """
            count(*) trades, count(*) filter (where outcome = 1) wins, count(*) filter (where outcome = -1) losses,
            coalesce(sum(realized_pnl), 0) realized, coalesce(sum(fees), 0) fees,
            coalesce(sum(greatest(realized_pnl, 0)), 0) gp, coalesce(sum(greatest(-realized_pnl, 0)), 0) gl,
            coalesce(sum(invested), 0) invested, coalesce(sum(extract(epoch from closed_at - opened_at)), 0) holding,
            max(realized_pnl) best, min(realized_pnl) worst""";

    private static Totals totals(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Totals(rs.getLong("trades"), rs.getLong("wins"), rs.getLong("losses"), rs.getBigDecimal("realized"),
                rs.getBigDecimal("fees"), rs.getBigDecimal("gp"), rs.getBigDecimal("gl"), rs.getBigDecimal("invested"),
                rs.getBigDecimal("holding"), rs.getBigDecimal("best"), rs.getBigDecimal("worst"));
    }

    /**
     * How a range splits: whole UTC days [rollFrom, rollTo) from the roll-up (either end open when
     * null), and the instants around them from the trades.
     */
    record Split(boolean rolled, LocalDate rollFrom, LocalDate rollTo, List<Instant[]> raw) {
        static Split of(Instant from, Instant to) {
            if (from == null && to == null) {
                return new Split(true, null, null, List.of());
            }
            LocalDate first = from == null ? null : day(from);
            if (from != null && !start(first).equals(from)) {
                first = first.plusDays(1);
            }
            LocalDate last = to == null ? null : day(to);
            if (first != null && last != null && !first.isBefore(last)) {
                return new Split(false, null, null, List.<Instant[]>of(new Instant[] {from, to}));
            }
            List<Instant[]> raw = new ArrayList<>();
            if (from != null && !start(first).equals(from)) {
                raw.add(new Instant[] {from, start(first)});
            }
            if (to != null && !start(last).equals(to)) {
                raw.add(new Instant[] {start(last), to});
            }
            return new Split(true, first, last, raw);
        }

        static LocalDate day(Instant at) {
            return LocalDate.ofInstant(at, ZoneOffset.UTC);
        }

        static Instant start(LocalDate day) {
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    Totals totals(Filter f) {
        return jdbi.withHandle(h -> {
            Split split = Split.of(f.from(), f.to());
            Totals all = Totals.NONE;
            if (split.rolled()) {
                all = all.plus(rolled(h, "select " + ROLLED + " from stats_daily", "", f, split).map((rs, c) -> totals(rs)).one());
            }
            for (Instant[] part : split.raw()) {
                all = all.plus(raw(h, "select " + RAW + " from closed_trades", "", f, part).map((rs, c) -> totals(rs)).one());
            }
            return all;
        });
    }

    /** The totals of each key ({@code exchange}, {@code exchange, symbol} or the UTC {@code day}). */
    Map<List<String>, Totals> totalsBy(Filter f, String rolledKey, String rawKey, int keys) {
        return jdbi.withHandle(h -> {
            Split split = Split.of(f.from(), f.to());
            Map<List<String>, Totals> by = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
            java.util.function.Consumer<Query> collect = q -> q.map((rs, c) -> {
                List<String> key = new ArrayList<>();
                for (int i = 1; i <= keys; i++) {
                    key.add(rs.getString(i));
                }
                by.merge(key, totals(rs), Totals::plus);
                return key;
            }).list();
            if (split.rolled()) {
                collect.accept(rolled(h, "select " + rolledKey + ", " + ROLLED + " from stats_daily", " group by " + rolledKey, f, split));
            }
            for (Instant[] part : split.raw()) {
                collect.accept(raw(h, "select " + rawKey + ", " + RAW + " from closed_trades", " group by " + rawKey, f, part));
            }
            return by;
        });
    }

    private static Query rolled(Handle h, String select, String tail, Filter f, Split split) {
        StringBuilder where = new StringBuilder(" where true");
        if (split.rollFrom() != null) {
            where.append(" and day >= :rollFrom");
        }
        if (split.rollTo() != null) {
            where.append(" and day < :rollTo");
        }
        Query q = h.createQuery(select + where + pairWhere(f) + tail);
        if (split.rollFrom() != null) {
            q.bind("rollFrom", split.rollFrom());
        }
        if (split.rollTo() != null) {
            q.bind("rollTo", split.rollTo());
        }
        return pair(q, f);
    }

    private static Query raw(Handle h, String select, String tail, Filter f, Instant[] part) {
        StringBuilder where = new StringBuilder(" where true");
        if (part[0] != null) {
            where.append(" and closed_at >= :a");
        }
        if (part[1] != null) {
            where.append(" and closed_at < :b");
        }
        Query q = h.createQuery(select + where + pairWhere(f) + tail);
        if (part[0] != null) {
            q.bind("a", part[0]);
        }
        if (part[1] != null) {
            q.bind("b", part[1]);
        }
        return pair(q, f);
    }

    private static String pairWhere(Filter f) {
        return (f.exchange() == null ? "" : " and exchange = :exchange") + (f.symbol() == null ? "" : " and symbol = :symbol");
    }

    private static Query pair(Query q, Filter f) {
        if (f.exchange() != null) {
            q.bind("exchange", f.exchange());
        }
        if (f.symbol() != null) {
            q.bind("symbol", f.symbol());
        }
        return q;
    }

    /** The trades of the whole range, for what a sum cannot give (streaks, the distribution, the hours). */
    private static Query trades(Handle h, String select, String tail, Filter f) {
        return raw(h, select, tail, f, new Instant[] {f.from(), f.to()});
    }

    /** The group of a range's trade with this PnL, the earliest closed: what "best" and "worst" link to. */
    Optional<Long> tradeWith(Filter f, BigDecimal pnl) {
        if (pnl == null) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> trades(h, "select group_id from closed_trades",
                " and realized_pnl = :pnl order by closed_at, group_id limit 1", f).bind("pnl", pnl).mapTo(Long.class).findOne());
    }

    /** The longest runs of wins and of losses, in close order (an even trade ends both). */
    record Streaks(long wins, long losses) {}

    /** Which run columns serve a filter: all trades, a venue's, a pair's; null (a symbol on every venue) has none. */
    private static String[] runColumns(Filter f) {
        if (f.symbol() == null) {
            return f.exchange() == null ? new String[] {"run_place", "run_start"} : new String[] {"venue_place", "venue_start"};
        }
        return f.exchange() == null ? null : new String[] {"pair_place", "pair_start"};
    }

    /**
     * Each trade knows its place in its run (closed_trades.run_place and its venue's and pair's). A
     * run that began in the range is as long there as the highest place it reaches in it; read from
     * the index of places, highest first. Only a run already going when the range begins (the first
     * trade's) is longer than its part in the range: that part is counted.
     */
    Streaks streaks(Filter f) {
        String[] run = runColumns(f);
        if (run == null) {
            return streaksByWindow(f);
        }
        return jdbi.withHandle(h -> {
            long straddling = -1;
            long straddlingLength = 0;
            int straddlingOutcome = 0;
            if (f.from() != null) {
                var first = trades(h, "select outcome, " + run[0] + " place, " + run[1] + " start from closed_trades",
                        " order by closed_at, group_id limit 1", f).map((rs, c) -> new long[] {rs.getInt(1), rs.getLong(2), rs.getLong(3)}).findOne();
                if (first.isPresent() && first.get()[1] > 1) {
                    straddlingOutcome = (int) first.get()[0];
                    straddling = first.get()[2];
                    straddlingLength = trades(h, "select count(*) from closed_trades", " and " + run[1] + " = :start", f)
                            .bind("start", straddling).mapTo(Long.class).one();
                }
            }
            long wins = longest(h, f, run, 1, straddling);
            long losses = longest(h, f, run, -1, straddling);
            if (straddlingOutcome == 1) {
                wins = Math.max(wins, straddlingLength);
            } else if (straddlingOutcome == -1) {
                losses = Math.max(losses, straddlingLength);
            }
            return new Streaks(wins, losses);
        });
    }

    private static long longest(Handle h, Filter f, String[] run, int outcome, long excludedRun) {
        return trades(h, "select " + run[0] + " from closed_trades", " and outcome = :outcome and " + run[1] + " <> :excluded order by "
                + run[0] + " desc limit 1", f).bind("outcome", outcome).bind("excluded", excludedRun).mapTo(Long.class).findOne().orElse(0L);
    }

    /** A symbol on every venue has no run columns of its own: its trades' runs are counted (gaps and islands). */
    private Streaks streaksByWindow(Filter f) {
        return jdbi.withHandle(h -> trades(h, """
                select coalesce(max(n) filter (where outcome = 1), 0) wins, coalesce(max(n) filter (where outcome = -1), 0) losses
                from (select outcome, count(*) n from (
                    select outcome, row_number() over (order by closed_at, group_id)
                        - row_number() over (partition by outcome order by closed_at, group_id) run
                    from closed_trades""", ") runs group by outcome, run) lengths", f)
                .map((rs, c) -> new Streaks(rs.getLong("wins"), rs.getLong("losses"))).one());
    }

    /** A bar of the returns' distribution: trades whose return % lies in [from, to); null is open-ended. */
    record Bucket(BigDecimal from, BigDecimal to, long trades) {}

    static final int BUCKET_RANGE = 20;

    /** 1 %-wide buckets from −20 % to +20 %; the two outer bars hold everything beyond. From the daily roll-up per venue, a pair's from its trades. */
    List<Bucket> returnDistribution(Filter f) {
        return jdbi.withHandle(h -> {
            Map<Integer, Long> counts = new TreeMap<>();
            java.util.function.Consumer<Query> collect = q -> q.map((rs, c) -> counts.merge(rs.getInt("b"), rs.getLong("n"), Long::sum)).list();
            String rawSelect = "select width_bucket(return_percent, -" + BUCKET_RANGE + ", " + BUCKET_RANGE + ", " + 2 * BUCKET_RANGE
                    + ") b, count(*) n from closed_trades";
            String rawTail = " and return_percent is not null group by b";
            if (f.symbol() != null) {
                collect.accept(trades(h, rawSelect, rawTail, f));
            } else {
                Split split = Split.of(f.from(), f.to());
                if (split.rolled()) {
                    collect.accept(rolled(h, "select bucket b, sum(trades) n from stats_returns", " group by bucket", f, split));
                }
                for (Instant[] part : split.raw()) {
                    collect.accept(raw(h, rawSelect, rawTail, f, part));
                }
            }
            List<Bucket> buckets = new ArrayList<>();
            if (counts.isEmpty()) {
                return buckets;
            }
            int lo = java.util.Collections.min(counts.keySet());
            int hi = java.util.Collections.max(counts.keySet());
            for (int b = lo; b <= hi; b++) {
                BigDecimal from = b == 0 ? null : BigDecimal.valueOf(b - 1L - BUCKET_RANGE);
                BigDecimal to = b == 2 * BUCKET_RANGE + 1 ? null : BigDecimal.valueOf(b - (long) BUCKET_RANGE);
                buckets.add(new Bucket(from, to, counts.getOrDefault(b, 0L)));
            }
            return buckets;
        });
    }

    /** PnL and trades by weekday (1 Monday … 7 Sunday) and hour of the close, in {@code zone}. */
    record HeatCell(int weekday, int hour, long trades, BigDecimal realizedPnl) {}

    /**
     * From the hourly roll-up per venue (whole hours of the range; its partial hours and a pair's
     * from the trades), summed per UTC hour in SQL; each hour is then placed in the zone's week
     * here (a time-zone conversion per row costs PostgreSQL microseconds; a year is 8,760 hours).
     */
    List<HeatCell> weekHours(Filter f, ZoneId zone) {
        return jdbi.withHandle(h -> {
            Map<Instant, Object[]> hours = new java.util.HashMap<>();
            java.util.function.Consumer<Query> collect = q -> q.map((rs, c) -> hours.merge(
                    rs.getObject("hr", java.time.OffsetDateTime.class).toInstant(), new Object[] {rs.getLong("n"), rs.getBigDecimal("pnl")},
                    (a, b) -> new Object[] {(Long) a[0] + (Long) b[0], ((BigDecimal) a[1]).add((BigDecimal) b[1])})).list();
            String rawSelect = "select date_bin('1 hour', closed_at, timestamptz '2000-01-01 00:00Z') hr, count(*) n, sum(realized_pnl) pnl"
                    + " from closed_trades";
            String rawTail = " group by hr";
            Instant wholeFrom = f.from() == null ? null : f.from().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            if (wholeFrom != null && wholeFrom.isBefore(f.from())) {
                wholeFrom = wholeFrom.plus(java.time.Duration.ofHours(1));
            }
            Instant wholeTo = f.to() == null ? null : f.to().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            if (f.symbol() != null || (wholeFrom != null && wholeTo != null && !wholeFrom.isBefore(wholeTo))) {
                collect.accept(trades(h, rawSelect, rawTail, f));
            } else {
                StringBuilder sql = new StringBuilder("select hour hr, sum(trades) n, sum(realized_pnl) pnl from stats_hourly where true");
                if (wholeFrom != null) {
                    sql.append(" and hour >= :hf");
                }
                if (wholeTo != null) {
                    sql.append(" and hour < :ht");
                }
                sql.append(f.exchange() == null ? "" : " and exchange = :exchange").append(" group by hour");
                Query q = h.createQuery(sql.toString());
                if (wholeFrom != null) {
                    q.bind("hf", wholeFrom);
                }
                if (wholeTo != null) {
                    q.bind("ht", wholeTo);
                }
                if (f.exchange() != null) {
                    q.bind("exchange", f.exchange());
                }
                collect.accept(q);
                if (wholeFrom != null && wholeFrom.isAfter(f.from())) {
                    collect.accept(raw(h, rawSelect, rawTail, f, new Instant[] {f.from(), wholeFrom}));
                }
                if (wholeTo != null && wholeTo.isBefore(f.to())) {
                    collect.accept(raw(h, rawSelect, rawTail, f, new Instant[] {wholeTo, f.to()}));
                }
            }
            Map<Integer, HeatCell> cells = new TreeMap<>();
            hours.forEach((hour, sum) -> {
                java.time.ZonedDateTime local = hour.atZone(zone);
                HeatCell cell = new HeatCell(local.getDayOfWeek().getValue(), local.getHour(), (Long) sum[0], (BigDecimal) sum[1]);
                cells.merge(cell.weekday() * 100 + cell.hour(), cell,
                        (a, b) -> new HeatCell(a.weekday(), a.hour(), a.trades() + b.trades(), a.realizedPnl().add(b.realizedPnl())));
            });
            return List.copyOf(cells.values());
        });
    }

    /** The realized PnL of all closed groups (the equity's realized part at start). */
    BigDecimal realizedAll() {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(sum(realized_pnl), 0) from stats_daily").mapTo(BigDecimal.class).one());
    }

    // ---- equity ------------------------------------------------------------------------------------

    void saveSample(Instant at, BigDecimal equity, BigDecimal capital, BigDecimal realized, BigDecimal unrealized, BigDecimal locked) {
        jdbi.useHandle(h -> h.createUpdate("""
                insert into equity_samples (at, equity, capital, realized, unrealized, locked)
                values (:at, :equity, :capital, :realized, :unrealized, :locked) on conflict (at) do nothing""")
                .bind("at", at).bind("equity", equity).bind("capital", capital).bind("realized", realized)
                .bind("unrealized", unrealized).bind("locked", locked).execute());
    }

    Optional<BigDecimal> baseline() {
        return jdbi.withHandle(h -> h.createQuery("select capital from stats_baseline where id = 1").mapTo(BigDecimal.class).findOne());
    }

    void saveBaseline(BigDecimal capital, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("insert into stats_baseline values (1, :capital, :at) on conflict (id) do nothing")
                .bind("capital", capital).bind("at", at).execute());
    }

    /** How finely a range of the curve is read. */
    enum Resolution { SAMPLE, HOUR, DAY }

    Resolution resolution(Instant from, Instant to, Instant now) {
        Instant first = from != null ? from : jdbi.withHandle(h -> h.createQuery("select min(hour) from equity_hourly")
                .mapTo(Instant.class).findOne().orElse(now));
        long hours = java.time.Duration.between(first, to == null ? now : to).toHours();
        return hours <= 48 ? Resolution.SAMPLE : hours <= 24 * 120 ? Resolution.HOUR : Resolution.DAY;
    }

    List<Metrics.Point> curve(Instant from, Instant to, Resolution resolution) {
        String sql = switch (resolution) {
            case SAMPLE -> "select at, equity o, equity hi, equity lo, equity c from equity_samples where true"
                    + (from == null ? "" : " and at >= :from") + (to == null ? "" : " and at < :to") + " order by at";
            case HOUR -> "select hour at, open o, high hi, low lo, close c from equity_hourly where true"
                    + (from == null ? "" : " and hour >= date_trunc('hour', cast(:from as timestamptz), 'UTC')")
                    + (to == null ? "" : " and hour < :to") + " order by hour";
            case DAY -> "select (day::timestamp at time zone 'UTC') at, open o, high hi, low lo, close c from equity_daily where true"
                    + (from == null ? "" : " and day >= cast(cast(:from as timestamptz) at time zone 'UTC' as date)")
                    + (to == null ? "" : " and (day::timestamp at time zone 'UTC') < :to") + " order by day";
        };
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql);
            if (from != null) {
                q.bind("from", from);
            }
            if (to != null) {
                q.bind("to", to);
            }
            return q.map((rs, c) -> new Metrics.Point(rs.getObject("at", java.time.OffsetDateTime.class).toInstant(),
                    rs.getBigDecimal("o"), rs.getBigDecimal("hi"), rs.getBigDecimal("lo"), rs.getBigDecimal("c"))).list();
        });
    }

    /** The equity at each UTC day's last sample in the range, from the daily roll-up (days without one are not here: the caller carries). */
    Map<LocalDate, BigDecimal> dailyCloses(Instant from, Instant to) {
        return jdbi.withHandle(h -> {
            Query q = h.createQuery("select day d, close from equity_daily where true"
                    + (from == null ? "" : " and day >= cast(cast(:from as timestamptz) at time zone 'UTC' as date)")
                    + (to == null ? "" : " and (day::timestamp at time zone 'UTC') < :to") + " order by day");
            if (from != null) {
                q.bind("from", from);
            }
            if (to != null) {
                q.bind("to", to);
            }
            Map<LocalDate, BigDecimal> closes = new LinkedHashMap<>();
            q.map((rs, c) -> closes.put(rs.getObject("d", LocalDate.class), rs.getBigDecimal("close"))).list();
            return closes;
        });
    }
}
