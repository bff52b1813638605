package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.Hooks;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.QueuedEntry;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signal intake, one room of the engine: the user's signal filter, then where a signal goes — an
 * exit closes its group (or deletes its queued entry), an entry opens a group, adds a pyramid to
 * the open one, or waits in the queue while the pool is full or its key's last group is still
 * closing — and the new pyramid's sizing. On the event loop.
 */
final class SignalDesk {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");

    /** What the desk needs of the engine. */
    interface Host {
        /** The group changed: its snapshot is journaled when the event ends. */
        void save(PositionGroup group);

        /** A queued signal's final outcome (the signal log records it). */
        void decided(long signalId, SignalOutcome outcome);

        /** A further entry for an open group restarts its risk timer when so configured; answers whether it changed the group. */
        boolean newSignalFor(PositionGroup group);
    }

    /** Where a signal goes, decided from the engine's state without changing it. */
    enum Way {
        /** An exit for a key whose entry waits in the queue: the entry leaves it. */
        DELETE_QUEUED,
        /** An exit (or a sell entry) for an open group: it closes. */
        CLOSE,
        /** Nothing to do: the reason says why. */
        IGNORE,
        /** The pool is full, or the key's last group is still closing. */
        QUEUE,
        /** A new group, or a pyramid for the open one. */
        OPEN
    }

    /**
     * @param open the key's open group, if any
     * @param waiting the key's queued entry, if any
     * @param reason why (for {@code IGNORE} and {@code QUEUE})
     */
    record Route(Way way, GroupKey key, PositionGroup open, QueuedEntry waiting, String reason) {}

    private final Supplier<PyraConfig.Engine> settings;
    private final SymbolRulesSource rules;
    private final GroupBook book;
    private final ExecutionPool pool;
    private final LadderDesk ladder;
    private final GroupCloser closer;
    private final HookFacts facts;
    private final Supplier<Hooks> hooks;
    private final Clock clock;
    private final Host host;

    SignalDesk(Supplier<PyraConfig.Engine> settings, SymbolRulesSource rules, GroupBook book, ExecutionPool pool, LadderDesk ladder,
            GroupCloser closer, HookFacts facts, Supplier<Hooks> hooks, Clock clock, Host host) {
        this.settings = settings;
        this.rules = rules;
        this.book = book;
        this.pool = pool;
        this.ladder = ladder;
        this.closer = closer;
        this.facts = facts;
        this.hooks = hooks;
        this.clock = clock;
        this.host = host;
    }

    /** The user's filter first (when one is installed), then the signal's way. */
    SignalOutcome onSignal(StoredSignal stored) {
        Hooks installed = hooks.get();
        if (installed.active(HookName.filterSignal)) {
            Optional<String> rejected = installed.filterSignal("signal " + stored.id(), facts.signal(stored), facts.context());
            if (rejected.isPresent()) {
                log.info("Signal {} rejected by the filterSignal hook: {}", stored.id(), rejected.get());
                return SignalOutcome.rejected("filterSignal hook: " + rejected.get());
            }
        }
        Route route = route(stored.signal());
        return switch (route.way()) {
            case DELETE_QUEUED -> {
                long queued = route.waiting().signal().id();
                pool.remove(route.waiting(), "exit signal " + stored.id());
                host.decided(queued, SignalOutcome.ignored("deleted from the waiting queue by exit signal " + stored.id()));
                yield SignalOutcome.executed("deleted the queued entry of signal " + queued + " for " + route.key()
                        + " from the waiting queue" + (route.open() == null ? "" : "; group " + route.open().id + " is already closing"));
            }
            case CLOSE -> {
                closer.start(route.open(), (stored.signal().type() == SignalType.EXIT ? "exit signal " : "sell entry signal ") + stored.id());
                yield SignalOutcome.executed("closing group " + route.open().id + ": unfilled legs cancelled, the rest sold at market");
            }
            case IGNORE -> SignalOutcome.ignored(route.reason());
            case QUEUE -> {
                long waited = route.waiting() == null ? 0 : route.waiting().signal().id(); // before the entry takes the new signal
                SignalOutcome queued = pool.enqueue(stored, route.reason());
                if (waited != 0 && queued.status().equals("replaced")) {
                    // the replaced signal no longer waits: left "queued", it would read as waiting for ever
                    host.decided(waited, SignalOutcome.ignored("replaced in the waiting queue by signal " + stored.id()));
                }
                yield queued;
            }
            case OPEN -> openOrAdd(stored, route.key(), route.open());
        };
    }

    /** Where the signal would go now; changes nothing (the hooks' dry run shows it too). */
    Route route(Signal signal) {
        GroupKey key = new GroupKey(signal.exchange(), signal.pairKey(), signal.timeframe(), Side.BUY);
        PositionGroup open = book.openOn(key);
        QueuedEntry waiting = pool.waiting(signal.exchange(), signal.pairKey(), signal.timeframe()).orElse(null);
        boolean closing = open != null && open.status == GroupStatus.CLOSING;
        if (signal.type() == SignalType.EXIT && waiting != null && (open == null || closing)) {
            return new Route(Way.DELETE_QUEUED, key, open, waiting, null);
        }
        if (signal.type() == SignalType.EXIT || signal.action() == Side.SELL) {
            if (open == null) {
                return new Route(Way.IGNORE, key, null, waiting, signal.type() == SignalType.EXIT
                        ? "no open position group for " + key + " to exit"
                        : "a sell entry needs an open long to close: short selling needs margin, which spot has not");
            }
            return closing ? new Route(Way.IGNORE, key, open, waiting, "group " + open.id + " is already closing (" + open.closeReason + ")")
                    : new Route(Way.CLOSE, key, open, waiting, null);
        }
        if (closing) {
            // a reversal on one bar: the new group opens once the old one has closed
            return new Route(Way.QUEUE, key, open, waiting, "group " + open.id + " is still closing (" + open.closeReason
                    + "); a new group opens when it has closed");
        }
        int active = book.open().size();
        if (open == null && (!pool.hasRoom(active) || waiting != null)) {
            return new Route(Way.QUEUE, key, null, waiting, pool.full(active));
        }
        return new Route(Way.OPEN, key, open, waiting, null);
    }

    /** Opens a position group for the signal, or adds a pyramid to the open one (also for an entry promoted from the queue). */
    SignalOutcome openOrAdd(StoredSignal stored, GroupKey key, PositionGroup open) {
        Signal signal = stored.signal();
        PyraConfig.Engine engine = settings.get();
        if (open != null && host.newSignalFor(open)) {
            host.save(open);
        }
        if (open != null) {
            if (open.status == GroupStatus.CLOSING) {
                return SignalOutcome.ignored("group " + open.id + " is closing (" + open.closeReason + ")");
            }
            if (open.pyramids.size() >= engine.maxPyramids()) {
                return SignalOutcome.ignored("group " + open.id + " already has " + open.pyramids.size()
                        + " pyramids (engine.maxPyramids " + engine.maxPyramids() + ")");
            }
        }
        SymbolRulesSource.Lookup symbol = rules.find(signal.exchange(), signal.venueSymbol());
        Pyramid pyramid = ladder.planPyramid(open, stored, engine, symbol);
        DcaLeg entry = pyramid.entry();
        if (entry.state == LegState.BLOCKED) {
            log.warn("Signal {}: entry blocked: {}", stored.id(), entry.reason);
            return SignalOutcome.rejected("entry blocked by the precision check: " + entry.reason);
        }
        PositionGroup group = open;
        if (group == null) {
            SymbolRules found = symbol.rules();
            group = new PositionGroup(book.nextGroupId(), key, found.symbol(), found.baseAsset(), found.quoteAsset(),
                    engine.takeProfit().mode(), engine.takeProfit().aggregatePercent(), clock.instant());
            book.opened(group);
        }
        group.pyramids.add(pyramid);
        ladder.sendBuy(group, pyramid, entry, engine.entryOrder().equals("limit") ? OrderType.LIMIT : OrderType.MARKET);
        host.save(group);
        return SignalOutcome.executed((pyramid.index == 0 ? "opened group " : "added pyramid " + pyramid.index + " to group ")
                + group.id + ": entry " + entry.quantity.toPlainString() + " " + group.baseAsset);
    }
}
