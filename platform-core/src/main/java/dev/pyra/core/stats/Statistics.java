package dev.pyra.core.stats;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.trading.GroupView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /api/v1/stats}: every figure the dashboard shows, from SQL aggregates of the closed
 * trades and the equity samples, and the open groups as the engine holds them now. The formulas
 * are {@link Metrics}'s; docs/dashboard.md writes them down.
 */
public final class Statistics {
    private final StatsRepository repository;
    private final Supplier<PyraConfig.Stats> settings;
    private final Supplier<List<GroupView>> openGroups;
    private final Supplier<List<FreeBalance>> freeBalances;
    private final Clock clock;
    /** The closed groups' realized PnL: read once at the start, then added to at each close. */
    private BigDecimal closedRealized;
    private volatile BigDecimal baseline;

    /** Free quote money on a venue (the allocation's "not in a position"). */
    public record FreeBalance(String exchange, String asset, BigDecimal free) {}

    public Statistics(Jdbi jdbi, Supplier<PyraConfig.Stats> settings, Supplier<List<GroupView>> openGroups,
            Supplier<List<FreeBalance>> freeBalances, Clock clock) {
        this.repository = new StatsRepository(jdbi);
        this.settings = settings;
        this.openGroups = openGroups;
        this.freeBalances = freeBalances;
        this.clock = clock;
        this.closedRealized = repository.realizedAll();
        this.baseline = repository.baseline().orElse(null);
    }

    StatsRepository repository() {
        return repository;
    }

    /** A group closed: its PnL is realized from now on. */
    public synchronized void groupClosed(GroupView group) {
        closedRealized = closedRealized.add(group.realizedPnl());
    }

    /** The account's equity as sampled from the venues: the first one becomes the baseline capital. */
    public void accountEquity(BigDecimal equity) {
        if (baseline == null && equity != null && equity.signum() > 0) {
            repository.saveBaseline(equity, clock.instant());
            baseline = repository.baseline().orElse(equity);
        }
    }

    /** The capital everything is measured against: the setting, else the baseline; 0 while neither is known. */
    public BigDecimal capital() {
        BigDecimal configured = settings.get().capital();
        return configured.signum() > 0 ? configured : baseline == null ? BigDecimal.ZERO : baseline;
    }

    /** The figures that move with every price: what {@code stats.updated} carries and each sample stores. */
    public record Live(Instant at, BigDecimal capital, BigDecimal equity, BigDecimal realizedPnl, BigDecimal openRealizedPnl,
            BigDecimal unrealizedPnl, BigDecimal tvl, BigDecimal tvlPercent, int openGroups) {}

    public Live live() {
        return live(openGroups.get(), null, null);
    }

    private Live live(List<GroupView> open, String exchange, String symbol) {
        BigDecimal unrealized = BigDecimal.ZERO;
        BigDecimal openRealized = BigDecimal.ZERO;
        BigDecimal locked = BigDecimal.ZERO;
        int count = 0;
        for (GroupView g : open) {
            if (!matches(g, exchange, symbol)) {
                continue;
            }
            count++;
            unrealized = unrealized.add(orZero(g.unrealizedPnl()));
            openRealized = openRealized.add(orZero(g.realizedPnl()));
            locked = locked.add(value(g));
        }
        BigDecimal capital = capital();
        BigDecimal realized;
        synchronized (this) {
            realized = closedRealized;
        }
        BigDecimal equity = capital.add(realized).add(openRealized).add(unrealized);
        return new Live(clock.instant(), capital, equity, realized, openRealized, unrealized, locked, Metrics.percentOf(locked, capital), count);
    }

    private static boolean matches(GroupView g, String exchange, String symbol) {
        return (exchange == null || exchange.equals(g.exchange())) && (symbol == null || symbol.equals(g.symbol()) || symbol.equals(g.pairKey()));
    }

    /** What a group holds at its last price (at its cost before the first price). */
    private static BigDecimal value(GroupView g) {
        BigDecimal held = orZero(g.heldQuantity());
        return g.lastPrice() == null ? invested(g) : held.multiply(g.lastPrice());
    }

    /** The cost basis of what a group still holds, fees included. */
    private static BigDecimal invested(GroupView g) {
        BigDecimal cost = BigDecimal.ZERO;
        for (GroupView.PyramidView p : g.pyramids()) {
            for (GroupView.LegView l : p.legs()) {
                cost = cost.add(orZero(l.costBasis()));
            }
        }
        return cost;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    // ---- the answer ----------------------------------------------------------------------------------

    public record Query(Instant from, Instant to, String exchange, String symbol, String zone) {}

    public record Trade(Long groupId, BigDecimal realizedPnl) {}

    public record Periods(BigDecimal today, BigDecimal days7, BigDecimal days30) {}

    public record ByExchange(String exchange, long trades, BigDecimal realizedPnl, BigDecimal fees) {}

    public record ByPair(String exchange, String symbol, long trades, long wins, long losses, BigDecimal winRate,
            BigDecimal realizedPnl, BigDecimal fees) {}

    public record Day(LocalDate date, long trades, long wins, long losses, BigDecimal realizedPnl, BigDecimal fees, BigDecimal equity) {}

    public record EquityPoint(Instant at, BigDecimal equity, BigDecimal drawdown) {}

    public record Heatmap(String zone, List<StatsRepository.HeatCell> cells) {}

    public record GroupAllocation(long groupId, String exchange, String symbol, BigDecimal invested, BigDecimal value, BigDecimal unrealizedPnl) {}

    public record Allocation(List<GroupAllocation> groups, List<FreeBalance> free, BigDecimal inPositions, BigDecimal freeTotal) {}

    public record View(Instant generatedAt, Instant from, Instant to, String exchange, String symbol,
            BigDecimal capital, BigDecimal equityNow,
            BigDecimal realizedPnl, BigDecimal realizedPnlPercent, BigDecimal openRealizedPnl, BigDecimal unrealizedPnl,
            BigDecimal unrealizedPnlPercent, BigDecimal fees, BigDecimal feesPercent, Periods periods, List<ByExchange> byExchange,
            long trades, long wins, long losses, long even, BigDecimal winRate, BigDecimal averageWin, BigDecimal averageLoss,
            BigDecimal grossProfit, BigDecimal grossLoss, BigDecimal profitFactor, BigDecimal expectancy,
            long longestWinStreak, long longestLossStreak, BigDecimal averageHoldingSeconds, Trade best, Trade worst,
            BigDecimal maxDrawdown, BigDecimal maxDrawdownPercent, Instant maxDrawdownStart, Instant maxDrawdownTrough,
            Instant maxDrawdownRecovery, BigDecimal currentDrawdown, BigDecimal currentDrawdownPercent,
            Double sharpe, Double sortino, Double calmar, Double annualizedReturnPercent, BigDecimal riskFreeRatePercent, int dailyReturns,
            BigDecimal tvl, BigDecimal tvlPercent, String resolution, List<EquityPoint> equity, List<Day> daily,
            List<ByPair> byPair, Heatmap heatmap, List<StatsRepository.Bucket> returns, Allocation allocation) {}

    public View stats(Query query) {
        ZoneId zone = zone(query.zone());
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw new BadRequestException("from", "must be before 'to'");
        }
        StatsRepository.Filter f = new StatsRepository.Filter(query.from(), query.to(), query.exchange(), query.symbol());
        StatsRepository.Totals t = repository.totals(f);
        StatsRepository.Streaks streaks = repository.streaks(f);
        List<GroupView> open = openGroups.get();
        Live live = live(open, f.exchange(), f.symbol());
        BigDecimal capital = live.capital();

        Instant now = clock.instant();
        StatsRepository.Resolution resolution = repository.resolution(query.from(), query.to(), now);
        List<Metrics.Point> points = repository.curve(query.from(), query.to(), resolution);
        Metrics.Drawdown dd = Metrics.drawdown(points);
        List<Metrics.DailyClose> closes = dailyCloses(query.from(), query.to(), now);
        List<Double> returns = Metrics.dailyReturns(closes);
        double riskFree = Metrics.dailyRiskFree(settings.get().riskFreeRatePercent());
        Double annualized = Metrics.annualizedReturn(closes);

        return new View(now, query.from(), query.to(), f.exchange(), f.symbol(), capital, live.equity(),
                t.realizedPnl(), Metrics.percentOf(t.realizedPnl(), capital), live.openRealizedPnl(), live.unrealizedPnl(),
                Metrics.percentOf(live.unrealizedPnl(), capital), t.fees(), Metrics.percentOf(t.fees(), capital),
                periods(f, now), byExchange(f),
                t.trades(), t.wins(), t.losses(), t.trades() - t.wins() - t.losses(), Metrics.winRate(t.wins(), t.trades()),
                Metrics.average(t.grossProfit(), t.wins()), Metrics.average(t.grossLoss(), t.losses()), t.grossProfit(), t.grossLoss(),
                Metrics.profitFactor(t.grossProfit(), t.grossLoss()), Metrics.expectancy(t.realizedPnl(), t.trades()),
                streaks.wins(), streaks.losses(), Metrics.average(t.holdingSeconds(), t.trades()),
                trade(f, t.best()), trade(f, t.worst()),
                dd.value(), dd.percent(), dd.start(), dd.trough(), dd.recovery(), dd.current(), dd.currentPercent(),
                Metrics.sharpe(returns, riskFree), Metrics.sortino(returns, riskFree), Metrics.calmar(annualized, dd.percent()),
                annualized == null ? null : Metrics.round(annualized * 100), settings.get().riskFreeRatePercent(), returns.size(),
                live.tvl(), live.tvlPercent(), resolution.name().toLowerCase(), curve(points), daily(f, closes), byPair(f),
                new Heatmap(zone.getId(), repository.weekHours(f, zone)), repository.returnDistribution(f),
                allocation(open, f.exchange(), f.symbol()));
    }

    static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank() || zone.equalsIgnoreCase("utc")) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new BadRequestException("tz", "not a time zone: '" + zone + "' (an IANA name such as Europe/Berlin, or UTC)");
        }
    }

    private Trade trade(StatsRepository.Filter f, BigDecimal pnl) {
        return pnl == null ? null : new Trade(repository.tradeWith(f, pnl).orElse(null), pnl);
    }

    /** Realized PnL of the UTC days ending today: today, the last 7 and the last 30 (within the filter's venue and pair). */
    private Periods periods(StatsRepository.Filter f, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        java.util.function.Function<Integer, BigDecimal> last = days -> repository.totals(new StatsRepository.Filter(
                today.minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant(), null, f.exchange(), f.symbol())).realizedPnl();
        return new Periods(last.apply(1), last.apply(7), last.apply(30));
    }

    private List<ByExchange> byExchange(StatsRepository.Filter f) {
        List<ByExchange> rows = new ArrayList<>();
        repository.totalsBy(f, "exchange", "exchange", 1).forEach((key, t) -> rows.add(new ByExchange(key.get(0), t.trades(), t.realizedPnl(), t.fees())));
        return rows;
    }

    private List<ByPair> byPair(StatsRepository.Filter f) {
        List<ByPair> rows = new ArrayList<>();
        repository.totalsBy(f, "exchange, symbol", "exchange, symbol", 2).forEach((key, t) -> rows.add(new ByPair(key.get(0), key.get(1),
                t.trades(), t.wins(), t.losses(), Metrics.winRate(t.wins(), t.trades()), t.realizedPnl(), t.fees())));
        rows.sort(java.util.Comparator.comparing(ByPair::realizedPnl).reversed());
        return rows;
    }

    /** Every UTC day from the first with a trade or a sample to the last, newest first. */
    private List<Day> daily(StatsRepository.Filter f, List<Metrics.DailyClose> closes) {
        Map<List<String>, StatsRepository.Totals> byDay = repository.totalsBy(f, "day::text", "((closed_at at time zone 'UTC')::date)::text", 1);
        java.util.TreeMap<LocalDate, StatsRepository.Totals> days = new java.util.TreeMap<>();
        byDay.forEach((key, t) -> days.put(LocalDate.parse(key.get(0)), t));
        java.util.TreeMap<LocalDate, BigDecimal> equity = new java.util.TreeMap<>();
        closes.forEach(c -> equity.put(c.day(), c.equity()));
        java.util.TreeSet<LocalDate> all = new java.util.TreeSet<>(days.keySet());
        all.addAll(equity.keySet());
        List<Day> rows = new ArrayList<>();
        if (all.isEmpty()) {
            return rows;
        }
        for (LocalDate d = all.last(); !d.isBefore(all.first()); d = d.minusDays(1)) {
            StatsRepository.Totals t = days.getOrDefault(d, StatsRepository.Totals.NONE);
            var atClose = equity.floorEntry(d);
            rows.add(new Day(d, t.trades(), t.wins(), t.losses(), t.realizedPnl(), t.fees(), atClose == null ? null : atClose.getValue()));
        }
        return rows;
    }

    /** The last equity of each UTC day, a day without a sample carrying the one before, up to {@code to} or today. */
    private List<Metrics.DailyClose> dailyCloses(Instant from, Instant to, Instant now) {
        Map<LocalDate, BigDecimal> sampled = repository.dailyCloses(from, to);
        List<Metrics.DailyClose> closes = new ArrayList<>();
        if (sampled.isEmpty()) {
            return closes;
        }
        LocalDate first = sampled.keySet().iterator().next();
        LocalDate last = LocalDate.ofInstant(to == null ? now : to.minusNanos(1), ZoneOffset.UTC);
        BigDecimal carried = null;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            carried = sampled.getOrDefault(d, carried);
            closes.add(new Metrics.DailyClose(d, carried));
        }
        return closes;
    }

    /** The curve as drawn: each point's last equity and its fall from the peak before it. */
    private static List<EquityPoint> curve(List<Metrics.Point> points) {
        List<EquityPoint> curve = new ArrayList<>(points.size());
        BigDecimal peak = null;
        for (Metrics.Point p : points) {
            peak = peak == null ? p.high() : peak.max(p.high());
            curve.add(new EquityPoint(p.at(), p.close(), peak.subtract(p.close())));
        }
        return curve;
    }

    private Allocation allocation(List<GroupView> open, String exchange, String symbol) {
        List<GroupAllocation> groups = new ArrayList<>();
        BigDecimal inPositions = BigDecimal.ZERO;
        for (GroupView g : open) {
            if (matches(g, exchange, symbol)) {
                BigDecimal value = value(g);
                inPositions = inPositions.add(value);
                groups.add(new GroupAllocation(g.id(), g.exchange(), g.symbol(), invested(g), value, g.unrealizedPnl()));
            }
        }
        List<FreeBalance> free = freeBalances.get().stream().filter(b -> exchange == null || exchange.equals(b.exchange())).toList();
        BigDecimal freeTotal = free.stream().map(FreeBalance::free).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Allocation(groups, free, inPositions, freeTotal);
    }

    /** {@code GET /api/v1/stats/equity.csv}: the curve at the resolution the dashboard draws it. */
    public String equityCsv(Query query) {
        Instant now = clock.instant();
        StatsRepository.Resolution resolution = repository.resolution(query.from(), query.to(), now);
        StringBuilder csv = new StringBuilder("at,equity,drawdown\r\n");
        for (EquityPoint p : curve(repository.curve(query.from(), query.to(), resolution))) {
            csv.append(p.at()).append(',').append(p.equity().toPlainString()).append(',').append(p.drawdown().toPlainString()).append("\r\n");
        }
        return csv.toString();
    }
}
