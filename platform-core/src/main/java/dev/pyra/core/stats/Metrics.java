package dev.pyra.core.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's formulas, one method each, exactly as docs/dashboard.md writes them. Money stays
 * {@code BigDecimal}; the ratios (Sharpe, Sortino, Calmar) are statistics of returns and use
 * {@code double}, rounded to four decimals.
 */
public final class Metrics {
    static final MathContext MATH = MathContext.DECIMAL64;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Crypto trades every day of the year. */
    public static final int DAYS_A_YEAR = 365;

    private Metrics() {}

    /** wins / trades × 100; null without trades. */
    public static BigDecimal winRate(long wins, long trades) {
        return trades == 0 ? null : BigDecimal.valueOf(wins).multiply(HUNDRED).divide(BigDecimal.valueOf(trades), MATH);
    }

    /** gross profit / gross loss (both positive); null when nothing was lost. */
    public static BigDecimal profitFactor(BigDecimal grossProfit, BigDecimal grossLoss) {
        return grossLoss.signum() == 0 ? null : grossProfit.divide(grossLoss, MATH);
    }

    /** realized PnL / trades: what a trade made on average. */
    public static BigDecimal expectancy(BigDecimal realizedPnl, long trades) {
        return trades == 0 ? null : realizedPnl.divide(BigDecimal.valueOf(trades), MATH);
    }

    /** sum / count (an average win is gross profit / wins, an average loss gross loss / losses); null for none. */
    public static BigDecimal average(BigDecimal sum, long count) {
        return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), MATH);
    }

    /** part / capital × 100; null while the capital is not known. */
    public static BigDecimal percentOf(BigDecimal part, BigDecimal capital) {
        return part == null || capital == null || capital.signum() == 0 ? null : part.multiply(HUNDRED).divide(capital, MATH);
    }

    /** One point of the equity curve, or an hour of it: its first value, highest, lowest and last. */
    public record Point(Instant at, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {
        public static Point of(Instant at, BigDecimal equity) {
            return new Point(at, equity, equity, equity, equity);
        }
    }

    /**
     * The largest fall from a peak. The peak before point i is the highest of every earlier
     * point's high and point i's own open; point i falls to its low. With single samples (open =
     * high = low) this is the textbook running-peak drawdown; with hours it counts a fall within
     * an hour only from the hour's first sample.
     *
     * @param value the largest peak − low; {@code percent} the largest (peak − low) / peak × 100,
     *     which may belong to another fall; start, trough and recovery belong to the largest value
     */
    public record Drawdown(BigDecimal value, BigDecimal percent, Instant start, Instant trough, Instant recovery,
            BigDecimal current, BigDecimal currentPercent) {
        static final Drawdown NONE = new Drawdown(BigDecimal.ZERO, BigDecimal.ZERO, null, null, null, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public static Drawdown drawdown(List<Point> points) {
        if (points.isEmpty()) {
            return Drawdown.NONE;
        }
        BigDecimal peak = null;
        Instant peakAt = null;
        BigDecimal worst = BigDecimal.ZERO;
        BigDecimal worstPercent = BigDecimal.ZERO;
        BigDecimal worstPeak = null;
        Instant start = null;
        Instant trough = null;
        int troughIndex = -1;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (peak == null || p.open().compareTo(peak) > 0) {
                peak = p.open();
                peakAt = p.at();
            }
            BigDecimal fall = peak.subtract(p.low());
            if (fall.compareTo(worst) > 0) {
                worst = fall;
                worstPeak = peak;
                start = peakAt;
                trough = p.at();
                troughIndex = i;
            }
            BigDecimal percent = percentOf(fall, peak);
            if (percent != null && percent.compareTo(worstPercent) > 0) {
                worstPercent = percent;
            }
            if (p.high().compareTo(peak) > 0) {
                peak = p.high();
                peakAt = p.at();
            }
        }
        Instant recovery = null;
        if (troughIndex >= 0) {
            for (int i = troughIndex + 1; i < points.size(); i++) {
                if (points.get(i).high().compareTo(worstPeak) >= 0) {
                    recovery = points.get(i).at();
                    break;
                }
            }
        }
        BigDecimal last = points.getLast().close();
        BigDecimal current = peak.subtract(last).max(BigDecimal.ZERO);
        BigDecimal currentPercent = percentOf(current, peak);
        return new Drawdown(worst, worstPercent, start, trough, recovery, current, currentPercent == null ? BigDecimal.ZERO : currentPercent);
    }

    /** The equity at each day's last sample; a day without one keeps the day before's. */
    public record DailyClose(LocalDate day, BigDecimal equity) {}

    /** r_d = E_d / E_(d−1) − 1, for every day after the first. */
    public static List<Double> dailyReturns(List<DailyClose> closes) {
        List<Double> returns = new ArrayList<>();
        for (int i = 1; i < closes.size(); i++) {
            BigDecimal before = closes.get(i - 1).equity();
            returns.add(before.signum() == 0 ? 0.0 : closes.get(i).equity().divide(before, MATH).subtract(BigDecimal.ONE).doubleValue());
        }
        return returns;
    }

    /** The daily risk-free rate: the yearly percent / 100 / 365. */
    public static double dailyRiskFree(BigDecimal yearlyPercent) {
        return yearlyPercent.doubleValue() / 100 / DAYS_A_YEAR;
    }

    /** mean(r − rf) / sample standard deviation of r × √365; null for fewer than two returns or no variation. */
    public static Double sharpe(List<Double> returns, double riskFree) {
        if (returns.size() < 2) {
            return null;
        }
        double mean = returns.stream().mapToDouble(r -> r - riskFree).average().orElseThrow();
        double plain = returns.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance = returns.stream().mapToDouble(r -> (r - plain) * (r - plain)).sum() / (returns.size() - 1);
        return variance == 0 ? null : round(mean / Math.sqrt(variance) * Math.sqrt(DAYS_A_YEAR));
    }

    /** mean(r − rf) / √(Σ min(0, r − rf)² / n) × √365; null for fewer than two returns or no losing day. */
    public static Double sortino(List<Double> returns, double riskFree) {
        if (returns.size() < 2) {
            return null;
        }
        double mean = returns.stream().mapToDouble(r -> r - riskFree).average().orElseThrow();
        double downside = Math.sqrt(returns.stream().mapToDouble(r -> Math.min(0, r - riskFree)).map(d -> d * d).sum() / returns.size());
        return downside == 0 ? null : round(mean / downside * Math.sqrt(DAYS_A_YEAR));
    }

    /** (E_last / E_first)^(365 / days) − 1, days = the number of daily returns; null for none. */
    public static Double annualizedReturn(List<DailyClose> closes) {
        if (closes.size() < 2 || closes.getFirst().equity().signum() <= 0) {
            return null;
        }
        double growth = closes.getLast().equity().doubleValue() / closes.getFirst().equity().doubleValue();
        return Math.pow(growth, (double) DAYS_A_YEAR / (closes.size() - 1)) - 1;
    }

    /** annualized return / (max drawdown % / 100); null without a drawdown or a return. */
    public static Double calmar(Double annualizedReturn, BigDecimal maxDrawdownPercent) {
        if (annualizedReturn == null || maxDrawdownPercent == null || maxDrawdownPercent.signum() == 0) {
            return null;
        }
        return round(annualizedReturn / (maxDrawdownPercent.doubleValue() / 100));
    }

    static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : null;
    }
}
