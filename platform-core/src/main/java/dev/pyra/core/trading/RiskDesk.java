package dev.pyra.core.trading;

import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.risk.RiskActions;
import dev.pyra.core.risk.RiskEngine;
import dev.pyra.core.risk.RiskGroup;
import dev.pyra.core.risk.RiskOffset;
import dev.pyra.core.risk.RiskView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading engine's side of the risk engine: what it shows of the live groups, the sales it
 * makes for an offset, the groups' risk timers, and when an evaluation runs. On the event loop.
 */
final class RiskDesk implements RiskActions {
    private static final Logger log = LoggerFactory.getLogger("pyra.risk");

    private final GroupBook book;
    private final CloseDesk closes;
    private final LiveDesk live;
    private final java.time.Clock clock;
    private final java.util.function.Consumer<PositionGroup> save;
    private final RiskEngine engine;
    private final Supplier<PyraConfig.Risk> settings;
    private Instant lastEvaluation;

    /** @param save marks a changed group: its snapshot is journaled when the event ends */
    RiskDesk(GroupBook book, CloseDesk closes, LiveDesk live, java.time.Clock clock, java.util.function.Consumer<PositionGroup> save,
            RiskEngine engine, Supplier<PyraConfig.Risk> settings) {
        this.book = book;
        this.closes = closes;
        this.live = live;
        this.clock = clock;
        this.save = save;
        this.engine = engine;
        this.settings = settings;
    }

    /** An evaluation walks every live group: ticks trigger one at most every {@code risk.evaluateEveryMillis}. */
    void onTick(Instant tickTime) {
        PyraConfig.Risk risk = settings.get();
        if (risk == null || !risk.enabled()) {
            return;
        }
        if (lastEvaluation != null && Duration.between(lastEvaluation, tickTime).toMillis() < risk.evaluateEveryMillis()) {
            return;
        }
        lastEvaluation = tickTime;
        engine.evaluate(this);
    }

    /** Every timer event: timers a restart or a config change left unstarted, then an evaluation. */
    void onTimer() {
        for (PositionGroup group : List.copyOf(book.open())) {
            if (startTimer(group)) {
                save.accept(group);
            }
        }
        PyraConfig.Risk risk = settings.get();
        if (risk != null && risk.enabled()) {
            engine.evaluate(this);
        }
    }

    /**
     * A group's risk timer starts when it first meets the configured condition: checked whenever
     * the group changes and on timer events. It is kept in the group's snapshot, so it survives a
     * restart. Answers whether it started now.
     */
    boolean startTimer(PositionGroup group) {
        PyraConfig.Risk risk = settings.get();
        if (risk == null || group.riskTimerStartedAt != null || group.status != GroupStatus.LIVE) {
            return false;
        }
        RiskGroup seen = riskGroup(group);
        if (seen == null || !RiskEngine.timerCondition(seen, risk)) {
            return false;
        }
        group.riskTimerStartedAt = clock.instant();
        log.info("Group {} risk timer started ({})", group.id, risk.timerStart());
        return true;
    }

    /** A further entry signal for a group restarts its timer when so configured. Answers whether it changed the group. */
    boolean newSignalFor(PositionGroup group) {
        PyraConfig.Risk risk = settings.get();
        if (group.riskTimerStartedAt == null || risk == null || !risk.resetTimerOnNewSignal()) {
            return false;
        }
        group.riskTimerStartedAt = null; // restarted when this event ends, if the condition still holds
        return true;
    }

    void equitySampled(BigDecimal equity) {
        engine.equitySampled(equity);
    }

    /** The risk hooks' inputs now, for their dry run. */
    RiskEngine.Trial trial() {
        return engine.trial(this);
    }

    RiskView view(List<RiskOffset> history) {
        return engine.view(this, history);
    }

    RiskView view(List<RiskOffset> history, dev.pyra.core.config.PyraConfig.Risk with) {
        return engine.view(this, history, with);
    }

    @Override
    public List<RiskGroup> liveGroups() {
        List<RiskGroup> live = new ArrayList<>();
        for (PositionGroup group : book.open()) {
            RiskGroup seen = riskGroup(group);
            if (seen != null) {
                live.add(seen);
            }
        }
        return live;
    }

    /** Null unless the group is live, holds something and has a price. */
    private RiskGroup riskGroup(PositionGroup group) {
        SymbolBook symbol = book.symbol(group);
        BigDecimal last = symbol.lastPrice;
        if (group.status != GroupStatus.LIVE || last == null) {
            return null;
        }
        // one pass over the legs: this runs for every live group on each evaluation
        BigDecimal held = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal filledQuote = BigDecimal.ZERO;
        BigDecimal filledQuantity = BigDecimal.ZERO;
        BigDecimal feeQuote = BigDecimal.ZERO;
        BigDecimal feeBase = BigDecimal.ZERO;
        boolean submitted = true;
        boolean filled = true;
        boolean selling = group.anySaleInFlight();
        for (Pyramid pyramid : group.pyramids) {
            for (DcaLeg leg : pyramid.legs) {
                held = held.add(leg.heldQuantity());
                cost = cost.add(leg.costBasis);
                filledQuote = filledQuote.add(leg.filledQuote);
                filledQuantity = filledQuantity.add(leg.filledQuantity);
                feeQuote = feeQuote.add(leg.feeQuote);
                feeBase = feeBase.add(leg.feeBase);
                submitted &= leg.buyOrderId != null || leg.state.isFinal();
                filled &= leg.buyDone && leg.filledQuantity.signum() > 0 || leg.state == LegState.BLOCKED || leg.state == LegState.CANCELLED;
                selling |= leg.sellingQuantity.signum() > 0;
            }
        }
        if (held.signum() <= 0) {
            return null;
        }
        BigDecimal feeRate = filledQuote.signum() == 0 ? BigDecimal.ZERO
                : feeQuote.divide(filledQuote, DcaLeg.MATH).add(feeBase.divide(filledQuantity, DcaLeg.MATH));
        return new RiskGroup(group.id, group.key.exchange(), group.venueSymbol, group.key.pairKey(), group.key.timeframe(),
                group.quoteAsset, group.openedAt, group.pyramids.size(), submitted, filled, group.riskTimerStartedAt, held,
                cost, last, symbol.lastPriceAt, feeRate, selling);
    }

    @Override
    public String sellPart(long groupId, BigDecimal quantity, String reason) {
        PositionGroup group = book.get(groupId);
        if (group == null) {
            return "no group " + groupId;
        }
        PartialClose result = closes.sellPartOf(group, quantity, reason);
        live.riskChanged("offset");
        return result.accepted() ? null : result.result();
    }

    @Override
    public void closeGroup(long groupId, String reason) {
        PositionGroup group = book.get(groupId);
        if (group != null && group.isOpen() && group.status != GroupStatus.CLOSING) {
            closes.closeInFull(group, reason);
            live.riskChanged("offset");
        }
    }
}
