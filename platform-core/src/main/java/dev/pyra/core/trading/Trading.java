package dev.pyra.core.trading;

import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.pool.PoolSnapshot;
import dev.pyra.core.pool.QueuedEntry;
import dev.pyra.core.pool.WaitingQueue;
import dev.pyra.core.precision.PrecisionEngine;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.engine.EventLoop;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.pyra.core.storage.BatchWriter;
import org.jdbi.v3.core.Jdbi;

/**
 * The trading engine with its journal and order gateway, wired; and the thread-safe doors into
 * it: every read or command runs as an event on the loop.
 */
public final class Trading implements AutoCloseable {
    private final EventLoop loop;
    private final TradeJournal journal;
    private final TradingEngine engine;
    private OrderGateway gateway;
    /** Expires queued entries even when no signal arrives. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-engine-timer").daemon(true).factory());

    public Trading(EventLoop loop, Jdbi jdbi, BatchWriter writer, Supplier<PyraConfig.Engine> settings,
            SymbolRulesSource rules, PrecisionEngine precision, ExecutionPool pool, Map<String, TakeProfitMode> takeProfitModes,
            Clock clock) {
        this.loop = loop;
        this.journal = new TradeJournal(jdbi, writer);
        this.engine = new TradingEngine(loop, settings, rules, precision, pool, takeProfitModes, journal, clock);
    }

    public TradingEngine engine() {
        return engine;
    }

    /** Starts sending orders through these venues and restores what an earlier run left open. */
    public void start(Function<String, ExchangeConnector> connectors) {
        gateway = new OrderGateway(connectors, journal, engine);
        engine.connect(gateway, journal.nextGroupId());
        List<GroupView> open = journal.openGroups();
        List<TrackedOrder> working = journal.workingOrders();
        await(loop.submit(() -> {
            engine.restore(open, working, journal::recordedOrder);
            return null;
        }));
        timer.scheduleAtFixedRate(() -> loop.execute(engine::onTimer), 30, 30, TimeUnit.SECONDS);
        // the live views that are rate-limited (pool, risk) are sent at the latest half a second late
        timer.scheduleAtFixedRate(() -> {
            if (engine.hasLiveListeners()) {
                loop.execute(engine::flushLive);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the venue about every working order on this interval: for venues that push no order
     * updates, and as the re-sync after a push stream drops.
     */
    public void pollOrdersEvery(String venue, java.time.Duration every) {
        timer.scheduleWithFixedDelay(() -> pollOrders(venue), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round of asking the venue about every working order (a push stream's re-sync). */
    public void pollOrdersNow(String venue) {
        timer.execute(() -> pollOrders(venue));
    }

    private void pollOrders(String venue) {
        try {
            gateway.reconcileAll(venue, await(loop.submit(() -> engine.workingOrders(venue))));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger("pyra.order").warn("Order poll of {} failed: {}", venue, e.getMessage());
        }
    }

    /**
     * Runs {@code change} on the event loop if nothing is working on this venue (no open group,
     * queued signal or working order), so no order can be sent between the check and the change.
     */
    public boolean whenIdle(String venue, Runnable change) {
        return await(loop.submit(() -> {
            if (!engine.watchedSymbols(venue).isEmpty() || !engine.workingOrders(venue).isEmpty()) {
                return false;
            }
            change.run();
            return true;
        }));
    }

    /** The venue symbols the engine needs prices for on this venue (open groups, queued signals). */
    public java.util.Set<String> watchedSymbols(String venue) {
        return await(loop.submit(() -> engine.watchedSymbols(venue)));
    }

    /** The waiting queue as the last run left it; then free slots are filled from it. */
    public void restoreQueue(WaitingQueue queue, List<QueuedEntry> saved) {
        await(loop.submit(() -> {
            queue.restore(saved);
            engine.restoreQueue();
            return null;
        }));
    }

    /** The risk panel; the offsets' history is read here, off the loop. */
    public dev.pyra.core.risk.RiskView risk(List<dev.pyra.core.risk.RiskOffset> history) {
        return await(loop.submit(() -> engine.riskView(history)));
    }

    public Optional<java.math.BigDecimal> lastPrice(String venue, String symbol) {
        return await(loop.submit(() -> engine.lastPriceOf(venue, symbol)));
    }

    /** Hands a fresh equity figure to the risk engine, on the loop. */
    public void equitySampled(java.math.BigDecimal equity) {
        loop.execute(() -> engine.equitySampled(equity));
    }

    /** A hook's inputs as the engine would build them now, read on the loop; see {@link HookDryRuns}. */
    public HookTrial hookTrial(dev.pyra.core.hooks.HookName name, dev.pyra.core.signal.StoredSignal signal) {
        return await(loop.submit(() -> engine.hookTrial(name, signal)));
    }

    public PoolSnapshot pool() {
        return await(loop.submit(engine::poolSnapshot));
    }

    /** What other pool and risk settings (not saved yet) would make of the groups open now, read on the loop. */
    public record Impact(PoolSnapshot pool, dev.pyra.core.risk.RiskView risk) {}

    public Impact impact(dev.pyra.core.config.PyraConfig.Pool pool, dev.pyra.core.config.PyraConfig.Risk risk,
            List<dev.pyra.core.risk.RiskOffset> history) {
        return await(loop.submit(() -> new Impact(engine.poolSnapshot(pool), engine.riskView(history, risk))));
    }

    public List<GroupView> groups() {
        return await(loop.submit(engine::groups));
    }

    /** The open groups only (what the statistics read every second while a browser watches). */
    public List<GroupView> openGroups() {
        return await(loop.submit(engine::openGroupViews));
    }

    /** A group the engine holds (open, or closed since the start), else as the history last saw it. */
    public Optional<GroupView> group(long id) {
        Optional<GroupView> live = await(loop.submit(() -> engine.group(id)));
        return live.isPresent() ? live : journal.groupSnapshot(id);
    }

    /** {@code GET /api/v1/groups}: the open groups, and a page of the closed ones from the history. */
    public record GroupList(List<GroupView> open, List<GroupView> closed, long closedTotal) {}

    public GroupList groups(String status, String symbol, java.time.Instant from, java.time.Instant to, String sort, boolean ascending,
            int limit, int offset) {
        List<GroupView> inMemory = groups();
        List<GroupView> open = status.equals("closed") ? List.of() : inMemory.stream()
                .filter(g -> !g.status().equals("closed") && (symbol == null || g.symbol().equals(symbol) || g.pairKey().equals(symbol)))
                .toList();
        if (status.equals("open")) {
            return new GroupList(open, List.of(), 0);
        }
        TradeJournal.History history = journal.closedGroups(symbol, from, to, sort, ascending, limit, offset);
        List<GroupView> closed = history.groups();
        if (offset == 0 && (sort == null || sort.equals("closedAt")) && !ascending) {
            // closed a moment ago and not journaled yet: the engine knows them already
            java.util.Map<Long, GroupView> merged = new java.util.LinkedHashMap<>();
            inMemory.stream().filter(g -> g.status().equals("closed") && g.closedAt() != null
                            && (symbol == null || g.symbol().equals(symbol) || g.pairKey().equals(symbol))
                            && (from == null || !g.closedAt().isBefore(from)) && (to == null || !g.closedAt().isAfter(to)))
                    .forEach(g -> merged.put(g.id(), g));
            closed.forEach(g -> merged.putIfAbsent(g.id(), g));
            closed = merged.values().stream().sorted(java.util.Comparator.comparing(GroupView::closedAt).reversed()
                    .thenComparing(java.util.Comparator.comparingLong(GroupView::id).reversed())).limit(limit).toList();
        }
        return new GroupList(open, closed, Math.max(history.total(), closed.size()));
    }

    /** The trade history: orders with their fills, newest first. */
    public List<OrderRecord> orders(Long groupId, int limit) {
        return journal.orders(groupId, limit);
    }

    /** Empty when there is no such group; else what was done. */
    public Optional<String> close(long id) {
        return await(loop.submit(() -> engine.closeByHand(id)));
    }

    /** {@code POST /api/v1/groups/{id}/partial-close}; see {@link CloseDesk#partialClose}. */
    public Optional<PartialClose> partialClose(long id, java.math.BigDecimal quoteAmount) {
        return await(loop.submit(() -> engine.partialClose(id, quoteAmount, "partial close by hand")));
    }

    /** Waits until the journal has written everything queued so far. */
    public void flush() {
        await(loop.submit(() -> null));
        journal.flush();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the engine did not answer within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops sending and writing at once, as a crash would. */
    public void halt() {
        timer.shutdownNow();
        if (gateway != null) {
            gateway.halt();
        }
        journal.halt();
    }

    /** After the event loop has drained: stop sending, then finish writing. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
        journal.close();
    }
}
