package dev.pyra.core.risk;

import dev.pyra.api.strategy.RiskCandidate;
import dev.pyra.api.strategy.RiskSelector;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.Hooks;
import dev.pyra.core.precision.PrecisionEngine;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets the worst losing position group with profits realized from up to {@code risk.maxWinners}
 * winners, in the quote currency (USD), once the loser meets every activation condition. Runs on
 * the event loop, on ticks and timer events; never on a stale price.
 */
public final class RiskEngine {
    private static final Logger log = LoggerFactory.getLogger("pyra.risk");
    private static final MathContext MATH = MathContext.DECIMAL128;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Duration DAY = Duration.ofHours(24);

    private final Supplier<PyraConfig.Risk> settings;
    private final Map<String, RiskSelector> selectors;
    private final RiskJournal journal;
    private final Clock clock;
    /** The quantity step of a group's symbol on its venue (to round a needed quantity up); null when unknown. */
    private final Function<RiskGroup, BigDecimal> step;
    private final List<RiskOffset> lastDay = new ArrayList<>();
    private BigDecimal equity;
    private BigDecimal peakEquity;
    /** The last "nothing done" reason logged, so a standing situation is logged once, not on every tick. */
    private String lastSkip;
    private volatile Hooks hooks = Hooks.NONE;

    public RiskEngine(Supplier<PyraConfig.Risk> settings, Map<String, RiskSelector> selectors, RiskJournal journal, Clock clock,
            Function<RiskGroup, BigDecimal> step) {
        this.settings = settings;
        this.selectors = Map.copyOf(selectors);
        this.journal = journal;
        this.clock = clock;
        this.step = step;
    }

    /** The user's decision hooks: {@code selectRiskLoser} and {@code selectRiskWinners} may choose instead of the built-in rules. */
    public void useHooks(Hooks installed) {
        this.hooks = installed;
    }

    /** After a restart: the offsets of the last 24 hours count toward the guardrail again. */
    public void restore() {
        lastDay.addAll(journal.since(clock.instant().minus(DAY)));
    }

    /** The account's equity in the quote currency, sampled off the loop; the guardrail works from its peak. */
    public void equitySampled(BigDecimal value) {
        equity = value;
        peakEquity = peakEquity == null ? value : peakEquity.max(value);
    }

    /** Offsets the worst eligible loser if everything allows it. */
    public void evaluate(RiskActions book) {
        PyraConfig.Risk risk = settings.get();
        if (risk == null) {
            return;
        }
        List<RiskGroup> groups = book.liveGroups();
        Instant now = clock.instant();
        if (!risk.enabled()) {
            return;
        }
        List<RiskGroup> eligible = groups.stream().filter(g -> eligible(g, risk, now)).toList();
        if (eligible.isEmpty()) {
            return;
        }
        Map<Long, RiskGroup> byId = new LinkedHashMap<>();
        eligible.forEach(g -> byId.put(g.id(), g));
        Hooks installed = hooks;
        Long chosen = null;
        if (installed.active(HookName.selectRiskLoser)) {
            chosen = installed.selectRiskLoser("risk evaluation of " + byId.size() + " eligible loser(s)",
                    eligible.stream().map(RiskEngine::loserFacts).toList(), context(groups, risk, now)).orElse(null);
        }
        if (chosen == null) {
            RiskSelector selector = selectors.get(risk.selector());
            if (selector == null) {
                skip("no installed risk selector '" + risk.selector() + "'");
                return;
            }
            chosen = selector.rank(eligible.stream().map(RiskEngine::candidate).toList()).getFirst().groupId();
        }
        offset(book, byId.get(chosen), groups, risk, now);
    }

    /**
     * The winners that pay for an offset, in order: the ones with the most to give (at most
     * {@code risk.maxWinners}), unless the user's {@code selectRiskWinners} hook picks others.
     */
    private List<RiskGroup> winners(RiskGroup loser, List<RiskGroup> groups, BigDecimal required, PyraConfig.Risk risk, Instant now) {
        List<RiskGroup> able = groups.stream()
                .filter(g -> g.id() != loser.id() && !g.saleInFlight() && fresh(g, risk, now) && g.unrealizedNet().signum() > 0)
                .sorted(Comparator.comparing(RiskGroup::unrealizedNet).reversed().thenComparingLong(RiskGroup::id))
                .toList();
        Hooks installed = hooks;
        if (!able.isEmpty() && installed.active(HookName.selectRiskWinners)) {
            Map<String, Object> context = context(groups, risk, now);
            context.put("loser", loserFacts(loser));
            List<Long> picked = installed.selectRiskWinners("risk offset of group " + loser.id(),
                    able.stream().map(RiskEngine::winnerFacts).toList(), usd(required), context).orElse(null);
            if (picked != null && picked.size() <= risk.maxWinners()) {
                Map<Long, RiskGroup> byId = new LinkedHashMap<>();
                able.forEach(g -> byId.put(g.id(), g));
                return picked.stream().map(byId::get).toList();
            }
            if (picked != null) {
                log.warn("Risk: the selectRiskWinners hook picked {} winners, more than risk.maxWinners {}; the built-in choice stands",
                        picked.size(), risk.maxWinners());
            }
        }
        return able.stream().limit(risk.maxWinners()).toList();
    }

    /**
     * The risk hooks' inputs now, for their dry run: the losers the engine would ask about (the
     * eligible ones; when none is, every losing group, said so), and the winners that could pay for
     * the first of them; with what the built-in rules would choose. Changes nothing.
     */
    public record Trial(List<Map<String, Object>> losers, boolean eligibleOnly, Long builtInLoser, List<Map<String, Object>> winners,
            BigDecimal required, List<Long> builtInWinners, Map<String, Object> context) {
        /** The winners hook's context: the loser they pay for, besides the rest. */
        public Map<String, Object> winnersContext() {
            Map<String, Object> withLoser = new LinkedHashMap<>(context);
            losers.stream().filter(l -> builtInLoser != null && builtInLoser.equals(l.get("groupId"))).findFirst()
                    .ifPresent(l -> withLoser.put("loser", l));
            return withLoser;
        }
    }

    public Trial trial(RiskActions book) {
        PyraConfig.Risk risk = settings.get();
        List<RiskGroup> groups = book.liveGroups();
        Instant now = clock.instant();
        List<RiskGroup> eligible = groups.stream().filter(g -> eligible(g, risk, now)).toList();
        boolean eligibleOnly = !eligible.isEmpty();
        List<RiskGroup> losers = eligibleOnly ? eligible : groups.stream().filter(g -> g.unrealizedNet().signum() < 0).toList();
        Long builtInLoser = null;
        RiskSelector selector = selectors.get(risk.selector());
        if (!losers.isEmpty() && selector != null) {
            builtInLoser = selector.rank(losers.stream().map(RiskEngine::candidate).toList()).getFirst().groupId();
        }
        Long first = builtInLoser;
        RiskGroup loser = losers.stream().filter(g -> first != null && g.id() == first).findFirst().orElse(null);
        List<RiskGroup> able = loser == null ? List.of() : groups.stream()
                .filter(g -> g.id() != loser.id() && !g.saleInFlight() && fresh(g, risk, now) && g.unrealizedNet().signum() > 0)
                .sorted(Comparator.comparing(RiskGroup::unrealizedNet).reversed().thenComparingLong(RiskGroup::id))
                .toList();
        return new Trial(losers.stream().map(RiskEngine::loserFacts).toList(), eligibleOnly, builtInLoser,
                able.stream().map(RiskEngine::winnerFacts).toList(), loser == null ? null : usd(loser.unrealizedNet().negate()),
                able.stream().limit(risk.maxWinners()).map(RiskGroup::id).toList(), context(groups, risk, now));
    }

    /** What the risk hooks see besides their candidates    /** What the risk hooks see besides their candidates: the time, every live group, the settings that bound them. */
    private static Map<String, Object> context(List<RiskGroup> groups, PyraConfig.Risk risk, Instant now) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("maxWinners", risk.maxWinners());
        settings.put("lossThresholdPercent", risk.lossThresholdPercent());
        settings.put("requiredPyramids", risk.requiredPyramids());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("now", now.toString());
        context.put("liveGroups", groups.stream().map(RiskEngine::groupFacts).toList());
        context.put("risk", settings);
        return context;
    }

    private static Map<String, Object> groupFacts(RiskGroup group) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("groupId", group.id());
        data.put("exchange", group.exchange());
        data.put("symbol", group.symbol());
        data.put("pair", group.pairKey());
        data.put("timeframe", group.timeframe());
        data.put("pyramids", group.pyramids());
        data.put("heldQuantity", group.heldQuantity());
        data.put("heldCost", group.heldCost());
        data.put("lastPrice", group.lastPrice());
        data.put("unrealizedUsd", usd(group.unrealizedNet()));
        data.put("unrealizedPercent", group.unrealizedPercent().setScale(4, RoundingMode.HALF_EVEN));
        data.put("openedAt", group.openedAt().toString());
        return data;
    }

    private static Map<String, Object> loserFacts(RiskGroup group) {
        Map<String, Object> data = groupFacts(group);
        data.put("lossUsd", usd(group.unrealizedNet().negate()));
        data.put("lossPercent", group.unrealizedPercent().negate().setScale(4, RoundingMode.HALF_EVEN));
        return data;
    }

    private static Map<String, Object> winnerFacts(RiskGroup group) {
        Map<String, Object> data = groupFacts(group);
        data.put("profitUsd", usd(group.unrealizedNet()));
        return data;
    }

    private void offset(RiskActions book, RiskGroup loser, List<RiskGroup> groups, PyraConfig.Risk risk, Instant now) {
        BigDecimal required = loser.unrealizedNet().negate();
        List<RiskGroup> winners = winners(loser, groups, required, risk, now);
        BigDecimal available = winners.stream().map(RiskGroup::unrealizedNet).reduce(BigDecimal.ZERO, BigDecimal::add);
        String numbers = "group " + loser.id() + " " + loser.symbol() + " loses " + usd(required) + " " + loser.quoteAsset() + " ("
                + loser.unrealizedPercent().setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " %); " + winners.size()
                + " winner(s) could realize " + usd(available);
        if (available.compareTo(required) < 0 && !risk.partialOffset()) {
            skip(numbers + ": not enough, nothing done (risk.partialOffset is off)");
            return;
        }
        BigDecimal realizedToday = lastDay.stream().filter(o -> o.at().isAfter(now.minus(DAY))).map(RiskOffset::requiredUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal allowance = allowance(risk, realizedToday);
        if (allowance == null) {
            skip(numbers + ": blocked, the account's equity is not known yet (guardrail)");
            return;
        }
        if (required.compareTo(allowance) > 0) {
            skip(numbers + ": blocked by the guardrail: " + usd(realizedToday) + " realized through offsets in 24 h, at most "
                    + risk.maxRealizedLossPercent().toPlainString() + " % of peak equity " + usd(peakEquity) + " may be");
            return;
        }
        List<RiskOffset.Winner> parts = new ArrayList<>();
        BigDecimal remaining = required.min(available);
        for (RiskGroup winner : winners) {
            if (remaining.signum() <= 0) {
                break;
            }
            boolean whole = winner.unrealizedNet().compareTo(remaining) <= 0;
            BigDecimal quantity = whole ? winner.heldQuantity() : needed(winner, remaining);
            BigDecimal planned = whole ? winner.unrealizedNet() : quantity.multiply(winner.profitPerUnit());
            parts.add(new RiskOffset.Winner(winner.id(), winner.symbol(), quantity, winner.lastPrice(), usd(planned), whole));
            remaining = remaining.subtract(planned);
        }
        BigDecimal covered = parts.stream().map(RiskOffset.Winner::plannedUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        RiskOffset offset = new RiskOffset(now, loser.id(), loser.symbol(), loser.unrealizedPercent().setScale(4, RoundingMode.HALF_EVEN),
                usd(required), covered, parts);
        for (RiskOffset.Winner part : parts) {
            String refused = book.sellPart(part.groupId(), part.quantity(), "risk offset of group " + loser.id());
            if (refused != null) {
                // the loser stays open: closing it now would realize a loss nothing covers
                log.warn("Risk offset of group {} stopped: winner group {} cannot sell its part ({}); the loser stays open", loser.id(),
                        part.groupId(), refused);
                return;
            }
        }
        book.closeGroup(loser.id(), "risk offset: " + usd(required) + " " + loser.quoteAsset() + " loss covered by "
                + parts.stream().map(p -> "group " + p.groupId()).toList());
        lastDay.add(offset);
        journal.save(offset);
        lastSkip = null;
        log.info("Risk offset: {}; selling {}", numbers, parts);
    }

    /** The quantity whose sale realizes {@code amount}: rounded up to the step (overshoot only by rounding). */
    private BigDecimal needed(RiskGroup winner, BigDecimal amount) {
        BigDecimal quantity = amount.divide(winner.profitPerUnit(), MATH);
        BigDecimal unit = step.apply(winner);
        if (unit != null) {
            quantity = PrecisionEngine.onGrid(quantity, unit, RoundingMode.CEILING);
        }
        return quantity.min(winner.heldQuantity());
    }

    private BigDecimal allowance(PyraConfig.Risk risk, BigDecimal realizedToday) {
        if (peakEquity == null) {
            return null;
        }
        return peakEquity.multiply(risk.maxRealizedLossPercent()).divide(HUNDRED, MATH).subtract(realizedToday).max(BigDecimal.ZERO);
    }

    public static boolean timerCondition(RiskGroup group, PyraConfig.Risk risk) {
        if (group.pyramids() < risk.requiredPyramids()) {
            return false;
        }
        return switch (risk.timerStart()) {
            case "allDcaSubmitted" -> group.allLegsSubmitted();
            case "allDcaFilled" -> group.allLegsFilled();
            default -> true;
        };
    }

    /** All activation conditions, the cheap ones first: most groups fail before any money is computed. */
    private static boolean eligible(RiskGroup group, PyraConfig.Risk risk, Instant now) {
        return group.pyramids() >= risk.requiredPyramids()
                && group.timerStartedAt() != null
                && !Duration.between(group.timerStartedAt(), now).minusMinutes(risk.postFullWaitMinutes()).isNegative()
                && (risk.minTradeAgeMinutes() == 0 || Duration.between(group.openedAt(), now).toMinutes() >= risk.minTradeAgeMinutes())
                && fresh(group, risk, now)
                && !group.saleInFlight()
                && group.unrealizedPercent().compareTo(risk.lossThresholdPercent()) < 0;
    }

    /** Each activation condition of a group and whether it holds (a winner fails "loss"), for the risk panel. */
    static Map<String, Boolean> conditions(RiskGroup group, PyraConfig.Risk risk, Instant now) {
        Map<String, Boolean> conditions = new LinkedHashMap<>();
        conditions.put("pyramids", group.pyramids() >= risk.requiredPyramids());
        conditions.put("timer", group.timerStartedAt() != null
                && !Duration.between(group.timerStartedAt(), now).minusMinutes(risk.postFullWaitMinutes()).isNegative());
        conditions.put("loss", group.unrealizedPercent().compareTo(risk.lossThresholdPercent()) < 0);
        conditions.put("age", risk.minTradeAgeMinutes() == 0
                || Duration.between(group.openedAt(), now).toMinutes() >= risk.minTradeAgeMinutes());
        conditions.put("price", fresh(group, risk, now));
        conditions.put("noSaleInFlight", !group.saleInFlight());
        return conditions;
    }

    private static boolean fresh(RiskGroup group, PyraConfig.Risk risk, Instant now) {
        return group.lastPriceAt() != null && Duration.between(group.lastPriceAt(), now).getSeconds() <= risk.maxPriceAgeSeconds();
    }

    private static RiskCandidate candidate(RiskGroup group) {
        return new RiskCandidate(group.id(), group.exchange(), group.symbol(), group.timeframe(), group.unrealizedPercent().negate(),
                group.unrealizedNet().negate(), group.openedAt());
    }

    private void skip(String why) {
        if (!why.equals(lastSkip)) {
            log.info("Risk: {}", why);
            lastSkip = why;
        }
    }

    /** The risk panel: every losing group with its conditions, and the history. */
    public RiskView view(RiskActions book, List<RiskOffset> history) {
        return view(book, history, settings.get());
    }

    /**
     * The panel as these settings (a change not yet saved, for the settings preview) would show it;
     * the groups' timers stay where the settings in force started them.
     */
    public RiskView view(RiskActions book, List<RiskOffset> history, PyraConfig.Risk risk) {
        Instant now = clock.instant();
        List<RiskView.Candidate> candidates = new ArrayList<>();
        for (RiskGroup group : book.liveGroups()) {
            if (group.unrealizedNet().signum() >= 0) {
                continue;
            }
            Map<String, Boolean> conditions = conditions(group, risk, now);
            Long remaining = group.timerStartedAt() == null ? null
                    : Math.max(0, Duration.between(now, group.timerStartedAt().plus(Duration.ofMinutes(risk.postFullWaitMinutes()))).getSeconds());
            candidates.add(new RiskView.Candidate(group.id(), group.exchange(), group.symbol(), group.timeframe(), group.pyramids(),
                    group.unrealizedPercent().negate().setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros(),
                    usd(group.unrealizedNet().negate()), group.timerStartedAt(), remaining, conditions,
                    conditions.values().stream().allMatch(b -> b)));
        }
        BigDecimal realizedToday = lastDay.stream().filter(o -> o.at().isAfter(now.minus(DAY))).map(RiskOffset::requiredUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new RiskView(risk.enabled(), equity, peakEquity, realizedToday, allowance(risk, realizedToday), candidates, history);
    }

    public Optional<BigDecimal> peakEquity() {
        return Optional.ofNullable(peakEquity);
    }

    private static BigDecimal usd(BigDecimal value) {
        return value.setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
