package dev.pyra.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.TestPostgres;
import dev.pyra.core.trading.GroupView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every formula of docs/dashboard.md against numbers worked out by hand, on one fixed history in a
 * real PostgreSQL: six trades over four UTC days (2026-03-02 … 03-05) with a losing streak of
 * three, a day without trades (03-04), fees on every fill, a trade that took a partial close
 * before it closed, an even trade, and a group still open. Capital 1,000 USDT.
 *
 * <pre>
 *  #  pair     opened       closed       paid  realized  fees  return   (UTC)
 *  1  BTCUSDT  03-02 08:00  03-02 10:00   200   +10      0.2   +5 %    Mon 10h
 *  2  ETHUSDT  03-02 09:00  03-02 12:30   100    −5      0.1   −5 %    Mon 12h
 *  3  BTCUSDT  03-03 01:00  03-03 02:00   100    −4      0.1   −4 %    Tue 02h
 *  4  ETHUSDT  03-03 03:00  03-03 05:00   100    −3      0.1   −3 %    Tue 05h
 *  5  BTCUSDT  03-04 22:00  03-05 14:00   300   +20      0.6   +6.67 % Thu 14h (a partial close +8, then +12)
 *  6  ETHUSDT  03-05 15:00  03-05 16:00    50     0      0      0 %    Thu 16h
 *  7  BTCUSDT  open since 03-05 19:00: 0.01 held at 60,000 (cost 594), realized +2 by a partial close, unrealized +6
 * </pre>
 *
 * Equity samples: 03-02 08:00 1000, 10:00 1010, 12:30 1005; 03-03 02:00 1001, 05:00 998; none on
 * 03-04; 03-05 14:00 1018, 16:00 1018, 20:00 1026 (= 1000 + 18 + 2 + 6).
 */
class StatisticsTest {
    private static final Instant NOW = Instant.parse("2026-03-05T23:00:00Z");
    private static Database database;
    private static Statistics statistics;
    private static Statistics.View all;

    @BeforeAll
    static void history() {
        database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
        Jdbi jdbi = database.jdbi();
        trade(jdbi, 1, "BTCUSDT", "2026-03-02T08:00:00Z", "2026-03-02T10:00:00Z", "200", "10", "0.1", "0.1");
        trade(jdbi, 2, "ETHUSDT", "2026-03-02T09:00:00Z", "2026-03-02T12:30:00Z", "100", "-5", "0.05", "0.05");
        trade(jdbi, 3, "BTCUSDT", "2026-03-03T01:00:00Z", "2026-03-03T02:00:00Z", "100", "-4", "0.05", "0.05");
        trade(jdbi, 4, "ETHUSDT", "2026-03-03T03:00:00Z", "2026-03-03T05:00:00Z", "100", "-3", "0.05", "0.05");
        trade(jdbi, 5, "BTCUSDT", "2026-03-04T22:00:00Z", "2026-03-05T14:00:00Z", "300", "20", "0.3", "0.1", "0.2");
        trade(jdbi, 6, "ETHUSDT", "2026-03-05T15:00:00Z", "2026-03-05T16:00:00Z", "50", "0");
        statistics = new Statistics(jdbi, () -> new PyraConfig.Stats(new BigDecimal("1000"), BigDecimal.ZERO),
                () -> List.of(openGroup()), () -> List.of(new Statistics.FreeBalance("paper", "USDT", new BigDecimal("400"))),
                Clock.fixed(NOW, ZoneOffset.UTC));
        StatsRepository repository = statistics.repository();
        String[][] samples = {{"2026-03-02T08:00:00Z", "1000"}, {"2026-03-02T10:00:00Z", "1010"}, {"2026-03-02T12:30:00Z", "1005"},
            {"2026-03-03T02:00:00Z", "1001"}, {"2026-03-03T05:00:00Z", "998"}, {"2026-03-05T14:00:00Z", "1018"},
            {"2026-03-05T16:00:00Z", "1018"}, {"2026-03-05T20:00:00Z", "1026"}};
        for (String[] s : samples) {
            repository.saveSample(Instant.parse(s[0]), new BigDecimal(s[1]), new BigDecimal("1000"), BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO);
        }
        all = statistics.stats(new Statistics.Query(null, null, null, null, "UTC"));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    /** A group as the engine journals it: opened (live), then closed, then a later snapshot of it closed. */
    private static void trade(Jdbi jdbi, long id, String symbol, String opened, String closed, String paid, String realized, String... fees) {
        String half = new BigDecimal(paid).divide(BigDecimal.TWO).toPlainString();
        String snapshot = "{\"quoteAsset\": \"USDT\", \"baseAsset\": \"" + symbol.replace("USDT", "") + "\", \"pyramids\": [{\"legs\": ["
                + "{\"filledQuote\": " + half + "}, {\"filledQuote\": " + half + "}]}]}";
        jdbi.useHandle(h -> {
            h.execute("""
                    insert into position_groups (id, exchange, symbol, pair_key, timeframe, side, status, opened_at, realized_pnl, snapshot)
                    values (?, 'paper', ?, ?, '60', 'buy', 'live', ?::timestamptz, 0, ?::jsonb)""", id, symbol, symbol, opened, snapshot);
            for (int i = 0; i < fees.length; i++) {
                String order = "g" + id + "-o" + i;
                h.execute("""
                        insert into orders (client_order_id, venue, group_id, pyramid, leg, purpose, symbol, side, order_type, quantity, status)
                        values (?, 'paper', ?, 0, 0, 'BUY', ?, 'BUY', 'MARKET', 1, 'FILLED')""", order, id, symbol);
                h.execute("insert into fills values (?, 't1', 1, 1, ?::numeric, 'USDT', ?::timestamptz)", order, fees[i], opened);
            }
            for (int update = 0; update < 2; update++) {
                h.execute("update position_groups set status = 'closed', closed_at = ?::timestamptz, realized_pnl = ?::numeric where id = ?",
                        closed, realized, id);
            }
        });
    }

    static GroupView openGroup() {
        GroupView.LegView leg = new GroupView.LegView(0, "tp-open", null, BigDecimal.ZERO, new BigDecimal("100"), new BigDecimal("2"), "b",
                true, new BigDecimal("59400"), new BigDecimal("0.02"), new BigDecimal("0.02"), new BigDecimal("1188"), new BigDecimal("59400"),
                BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("60588"), new BigDecimal("0.01"), BigDecimal.ZERO, BigDecimal.ZERO,
                new BigDecimal("594"), new BigDecimal("2"), List.of(), "market", 0);
        return new GroupView(7, "paper", "BTCUSDT", "BTCUSDT", "60", "buy", "live", "BTC", "USDT", "per-leg", null, null,
                new BigDecimal("59400"), new BigDecimal("0.01"), new BigDecimal("60000"), new BigDecimal("2"), new BigDecimal("6"), 1, 1,
                Instant.parse("2026-03-05T19:00:00Z"), null, null, null, 0, List.of(), List.of(),
                List.of(new GroupView.PyramidView(0, 7, new BigDecimal("59400"), new BigDecimal("1188"), List.of(leg))), null, null, List.of(),
                NOW, new BigDecimal("0.01"), new BigDecimal("0.00001"));
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void tradesWinsLossesAndEvenTradesAreCountedOnceEachAtTheirClose() {
        // every group was written three times (live, closed, closed again): the trigger counted each once
        assertThat(all.trades()).isEqualTo(6);
        assertThat(all.wins()).isEqualTo(2);
        assertThat(all.losses()).isEqualTo(3);
        assertThat(all.even()).isEqualTo(1);
    }

    @Test
    void realizedPnlIsTheSumOfTheClosedGroupsAndItsPercentIsOfTheCapital() {
        assertThat(all.realizedPnl()).isEqualByComparingTo("18"); // 10 − 5 − 4 − 3 + 20 + 0
        assertThat(all.realizedPnlPercent()).isEqualByComparingTo("1.8"); // 18 / 1000 × 100
    }

    @Test
    void feesAreEveryFillsCommissionInTheQuoteCurrency() {
        assertThat(all.fees()).isEqualByComparingTo("1.1"); // 0.2 + 0.1 + 0.1 + 0.1 + 0.6
        assertThat(all.feesPercent()).isEqualByComparingTo("0.11");
    }

    @Test
    void winRateIsWinsOverTrades() {
        assertThat(all.winRate()).isEqualByComparingTo("33.33333333333333"); // 2 / 6 × 100
    }

    @Test
    void averageWinAndLossAreGrossProfitAndLossOverTheirCounts() {
        assertThat(all.grossProfit()).isEqualByComparingTo("30");
        assertThat(all.grossLoss()).isEqualByComparingTo("12");
        assertThat(all.averageWin()).isEqualByComparingTo("15"); // 30 / 2
        assertThat(all.averageLoss()).isEqualByComparingTo("4"); // 12 / 3
    }

    @Test
    void profitFactorIsGrossProfitOverGrossLoss() {
        assertThat(all.profitFactor()).isEqualByComparingTo("2.5"); // 30 / 12
    }

    @Test
    void expectancyIsRealizedPnlPerTrade() {
        assertThat(all.expectancy()).isEqualByComparingTo("3"); // 18 / 6
    }

    @Test
    void theLongestStreaksFollowTheCloseOrderAndAnEvenTradeEndsThem() {
        assertThat(all.longestWinStreak()).isEqualTo(1);
        assertThat(all.longestLossStreak()).isEqualTo(3); // trades 2, 3, 4
        // a range starting inside the losing run counts only its part in the range
        Statistics.View fromTrade4 = statistics.stats(new Statistics.Query(Instant.parse("2026-03-03T02:30:00Z"), null, null, null, "UTC"));
        assertThat(fromTrade4.longestLossStreak()).isEqualTo(1);
        Statistics.View fromTrade3 = statistics.stats(new Statistics.Query(Instant.parse("2026-03-03T00:00:00Z"), null, null, null, "UTC"));
        assertThat(fromTrade3.longestLossStreak()).isEqualTo(2);
        // a pair's own runs: ETHUSDT lost twice (2, 4), then was even
        Statistics.View eth = statistics.stats(new Statistics.Query(null, null, "paper", "ETHUSDT", "UTC"));
        assertThat(eth.longestLossStreak()).isEqualTo(2);
        assertThat(eth.longestWinStreak()).isZero();
        // a symbol on every venue is counted from its trades
        assertThat(statistics.stats(new Statistics.Query(null, null, null, "BTCUSDT", "UTC")).longestWinStreak()).isEqualTo(1);
    }

    @Test
    void averageHoldingTimeIsFromOpenToCloseOverTrades() {
        // 7,200 + 12,600 + 3,600 + 7,200 + 57,600 + 3,600 = 91,800 s over 6
        assertThat(all.averageHoldingSeconds()).isEqualByComparingTo("15300");
    }

    @Test
    void bestAndWorstTradeNameTheirGroups() {
        assertThat(all.best()).isEqualTo(new Statistics.Trade(5L, d("20")));
        assertThat(all.worst().groupId()).isEqualTo(2L);
        assertThat(all.worst().realizedPnl()).isEqualByComparingTo("-5");
    }

    @Test
    void aRangeIsExactToTheInstantAcrossTheDailyRollUp() {
        // from mid-day 03-02 (after trade 1) to mid-day 03-05 (before trade 6): trades 2–5
        Statistics.View range = statistics.stats(new Statistics.Query(Instant.parse("2026-03-02T11:00:00Z"),
                Instant.parse("2026-03-05T14:30:00Z"), null, null, "UTC"));
        assertThat(range.trades()).isEqualTo(4);
        assertThat(range.realizedPnl()).isEqualByComparingTo("8"); // −5 − 4 − 3 + 20
        assertThat(range.fees()).isEqualByComparingTo("0.9");
    }

    @Test
    void pnlByPairAndByVenue() {
        assertThat(all.byPair()).extracting(Statistics.ByPair::symbol, Statistics.ByPair::trades, Statistics.ByPair::wins)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BTCUSDT", 3L, 2L), org.assertj.core.groups.Tuple.tuple("ETHUSDT", 3L, 0L));
        assertThat(all.byPair().get(0).realizedPnl()).isEqualByComparingTo("26");
        assertThat(all.byPair().get(1).realizedPnl()).isEqualByComparingTo("-8");
        assertThat(all.byExchange()).singleElement().satisfies(e -> assertThat(e.realizedPnl()).isEqualByComparingTo("18"));
    }

    @Test
    void periodsAreTheUtcDaysEndingToday() {
        assertThat(all.periods().today()).isEqualByComparingTo("20"); // trades 5 and 6 closed on 03-05
        assertThat(all.periods().days7()).isEqualByComparingTo("18");
    }

    @Test
    void theHeatmapPlacesEachTradeAtTheWeekdayAndHourOfItsClose() {
        assertThat(all.heatmap().cells()).extracting(c -> c.weekday() + "/" + c.hour() + ":" + c.realizedPnl().stripTrailingZeros().toPlainString())
                .containsExactly("1/10:10", "1/12:-5", "2/2:-4", "2/5:-3", "4/14:20", "4/16:0");
        // in Tokyo (UTC+9) trade 5 closed at 23:00 on Thursday, trade 3 at 11:00 on Tuesday
        Statistics.View tokyo = statistics.stats(new Statistics.Query(null, null, null, null, "Asia/Tokyo"));
        assertThat(tokyo.heatmap().cells()).extracting(c -> c.weekday() + "/" + c.hour()).contains("4/23", "2/11");
    }

    @Test
    void theReturnsDistributionHasOnePercentBuckets() {
        // returns: +5, −5, −4, −3, +6.67, 0 (realized / paid × 100)
        assertThat(all.returns()).filteredOn(b -> b.trades() > 0)
                .extracting(b -> b.from().intValue() + ".." + b.to().intValue() + ":" + b.trades())
                .containsExactly("-5..-4:1", "-4..-3:1", "-3..-2:1", "0..1:1", "5..6:1", "6..7:1");
    }

    @Test
    void equityIsCapitalPlusRealizedPlusTheOpenGroupsRealizedAndUnrealized() {
        assertThat(all.capital()).isEqualByComparingTo("1000");
        assertThat(all.openRealizedPnl()).isEqualByComparingTo("2");
        assertThat(all.unrealizedPnl()).isEqualByComparingTo("6");
        assertThat(all.equityNow()).isEqualByComparingTo("1026");
    }

    @Test
    void maxDrawdownIsTheLargestFallFromAPeak() {
        assertThat(all.maxDrawdown()).isEqualByComparingTo("12"); // 1010 → 998
        assertThat(all.maxDrawdownPercent()).isEqualByComparingTo("1.188118811881188"); // 12 / 1010 × 100
        assertThat(all.maxDrawdownStart()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(all.maxDrawdownTrough()).isEqualTo(Instant.parse("2026-03-03T05:00:00Z"));
        assertThat(all.maxDrawdownRecovery()).isEqualTo(Instant.parse("2026-03-05T14:00:00Z"));
    }

    @Test
    void currentDrawdownIsTheFallFromThePeakToNow() {
        assertThat(all.currentDrawdown()).isEqualByComparingTo("0"); // 1026 is the peak
        List<Metrics.Point> falling = List.of(Metrics.Point.of(NOW, d("1000")), Metrics.Point.of(NOW.plusSeconds(60), d("950")));
        assertThat(Metrics.drawdown(falling).current()).isEqualByComparingTo("50");
        assertThat(Metrics.drawdown(falling).currentPercent()).isEqualByComparingTo("5");
    }

    @Test
    void dailyReturnsCarryADayWithoutSamples() {
        assertThat(all.daily()).extracting(Statistics.Day::date).containsExactly(LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-04"),
                LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-02"));
        Statistics.Day quiet = all.daily().get(1);
        assertThat(quiet.trades()).isZero();
        assertThat(quiet.equity()).isEqualByComparingTo("998"); // carried from 03-03
        assertThat(all.daily().get(0).equity()).isEqualByComparingTo("1026");
        assertThat(all.daily().get(0).trades()).isEqualTo(2);
        assertThat(all.daily().get(0).fees()).isEqualByComparingTo("0.6");
        assertThat(all.dailyReturns()).isEqualTo(3); // 1005 → 998 → 998 → 1026
    }

    @Test
    void sharpeIsTheMeanExcessReturnOverItsSampleDeviationAnnualized() {
        // r = −0.0069652, 0, +0.0280561; mean 0.0070303, sample sd 0.0185389; × √365
        assertThat(all.sharpe()).isEqualTo(7.245);
        List<Double> returns = Metrics.dailyReturns(List.of(new Metrics.DailyClose(null, d("1005")), new Metrics.DailyClose(null, d("998")),
                new Metrics.DailyClose(null, d("998")), new Metrics.DailyClose(null, d("1026"))));
        assertThat(Metrics.sharpe(returns, Metrics.dailyRiskFree(d("5")))).isEqualTo(7.1038); // a 5 % risk-free rate
    }

    @Test
    void sortinoDividesByTheDownsideDeviationOnly() {
        // √((0.0069652² + 0 + 0) / 3) = 0.0040213
        assertThat(all.sortino()).isEqualTo(33.4003);
    }

    @Test
    void calmarIsTheAnnualizedReturnOverTheMaxDrawdown() {
        // (1026 / 1005)^(365 / 3) − 1 = 11.380116; / 0.0118812
        assertThat(all.annualizedReturnPercent()).isEqualTo(1138.0116);
        assertThat(all.calmar()).isEqualTo(957.8264);
    }

    @Test
    void lockedValueIsTheOpenPositionsAtTheirLastPriceAgainstCapital() {
        assertThat(all.tvl()).isEqualByComparingTo("600"); // 0.01 × 60,000
        assertThat(all.tvlPercent()).isEqualByComparingTo("60");
        assertThat(all.allocation().groups()).singleElement().satisfies(g -> {
            assertThat(g.invested()).isEqualByComparingTo("594");
            assertThat(g.value()).isEqualByComparingTo("600");
        });
        assertThat(all.allocation().freeTotal()).isEqualByComparingTo("400");
    }

    @Test
    void theEquityCurveCarriesEachPointsFallFromItsPeak() {
        assertThat(all.resolution()).isEqualTo("hour");
        assertThat(all.equity()).extracting(p -> p.equity().toPlainString() + "/" + p.drawdown().toPlainString())
                .containsExactly("1000/0", "1010/0", "1005/5", "1001/9", "998/12", "1018/0", "1018/0", "1026/0");
        assertThat(statistics.equityCsv(new Statistics.Query(null, null, null, null, null)))
                .startsWith("at,equity,drawdown\r\n2026-03-02T08:00:00Z,1000,0\r\n").contains("2026-03-03T05:00:00Z,998,12\r\n");
    }

    @Test
    void withoutACapitalSettingTheFirstAccountEquitySeenIsTheCapitalAndItStays() {
        try (Database fresh = Database.open(TestPostgres.newDatabaseUrl(), null, null)) {
            java.util.function.Supplier<PyraConfig.Stats> unset = () -> new PyraConfig.Stats(BigDecimal.ZERO, BigDecimal.ZERO);
            Statistics first = new Statistics(fresh.jdbi(), unset, List::of, List::of, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(first.capital()).isEqualByComparingTo("0");
            first.accountEquity(BigDecimal.ZERO); // an empty account is no baseline
            first.accountEquity(new BigDecimal("5000"));
            first.accountEquity(new BigDecimal("6000"));
            assertThat(first.capital()).isEqualByComparingTo("5000");
            Statistics afterRestart = new Statistics(fresh.jdbi(), unset, List::of, List::of, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(afterRestart.capital()).isEqualByComparingTo("5000");
            Statistics configured = new Statistics(fresh.jdbi(), () -> new PyraConfig.Stats(new BigDecimal("2500"), BigDecimal.ZERO), List::of,
                    List::of, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(configured.capital()).isEqualByComparingTo("2500");
        }
    }
}
