package dev.pyra.core.trading;

import dev.pyra.core.live.LiveFeed;
import dev.pyra.core.pool.PoolSnapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the web app's live stream hears of the engine: groups as their snapshots are taken, orders
 * as they go and come back, prices with the PnL they move, and the pool and risk panels at a rate
 * a browser can follow. Nothing is built while no browser listens. On the event loop.
 */
final class LiveDesk {
    private final Clock clock;
    /** Null when nothing listens (tests, benchmarks). */
    private LiveFeed feed;
    /** The pool or its queue changed: its view goes out when the event ends (rate-limited). */
    private boolean poolChanged;
    private Instant lastPoolNotice;
    private Instant lastRiskNotice;
    private boolean riskPending;
    /** Symbols whose price moved in the current event: their new price (and their groups' PnL) goes out when it ends. */
    private final Set<SymbolBook> priced = new LinkedHashSet<>();

    LiveDesk(Clock clock) {
        this.clock = clock;
    }

    void use(LiveFeed liveFeed) {
        this.feed = liveFeed;
    }

    boolean listening() {
        return feed != null && feed.hasSubscribers();
    }

    void poolChanged() {
        poolChanged = true;
    }

    /** A tick moved a symbol with open groups: shown when the event ends. */
    void priced(SymbolBook book) {
        if (feed != null && !book.groups.isEmpty() && feed.hasSubscribers()) {
            priced.add(book);
        }
    }

    void groupUpdated(GroupView view) {
        if (listening()) {
            feed.publish("group.updated", "group:" + view.id(), view);
        }
    }

    /** An order's new state (sending, acknowledged, filled, cancelled, refused). */
    void order(TrackedOrder order, String status, BigDecimal executed) {
        if (!listening()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clientOrderId", order.request.clientOrderId());
        data.put("groupId", order.groupId);
        data.put("pyramid", order.pyramid);
        data.put("leg", order.leg);
        data.put("purpose", order.purpose.name().toLowerCase(Locale.ROOT));
        data.put("side", order.request.side().name().toLowerCase(Locale.ROOT));
        data.put("type", order.request.type().name().toLowerCase(Locale.ROOT));
        data.put("quantity", order.request.quantity());
        data.put("price", order.request.price());
        data.put("status", status);
        data.put("executedQuantity", executed);
        feed.publish("order.updated", data);
    }

    /** The risk panel changed (an evaluation, an offset): browsers re-read {@code GET /api/v1/risk}. */
    void riskChanged(String why) {
        if (listening()) {
            feed.publish("risk.updated", "risk", Map.of("reason", why));
        }
    }

    /**
     * When an event ends: the prices it moved, the risk panel (at most once a second: losses move
     * with every price and fill) and the pool's view (at most four times a second; a timer's empty
     * event sends what a quiet moment left pending).
     */
    void eventEnded(boolean groupsChanged, boolean riskEngine, Supplier<PoolSnapshot> pool) {
        boolean live = listening();
        boolean moved = groupsChanged || !priced.isEmpty();
        if (!priced.isEmpty()) {
            if (live) {
                priced.forEach(this::publishPrice);
            }
            priced.clear();
        }
        Instant now = null;
        if (live && riskEngine && (moved || riskPending)) {
            now = clock.instant();
            if (lastRiskNotice == null || Duration.between(lastRiskNotice, now).toMillis() >= 1000) {
                lastRiskNotice = now;
                riskPending = false;
                feed.publish("risk.updated", "risk", Map.of("reason", "groups changed"));
            } else {
                riskPending = true;
            }
        }
        if (poolChanged) {
            if (!live) {
                poolChanged = false;
                return;
            }
            now = now != null ? now : clock.instant();
            if (lastPoolNotice == null || Duration.between(lastPoolNotice, now).toMillis() >= 250) {
                poolChanged = false;
                lastPoolNotice = now;
                feed.publish("pool.updated", "pool", pool.get());
            }
        }
    }

    /** {@code price.updated}: a symbol's new price with each of its open groups' unrealized PnL. */
    private void publishPrice(SymbolBook book) {
        List<Map<String, Object>> groupsOnIt = new ArrayList<>(book.groups.size());
        for (PositionGroup group : book.groups) {
            groupsOnIt.add(Map.of("id", group.id, "unrealizedPnl",
                    GroupViews.money(book.lastPrice.multiply(group.heldQuantity()).subtract(group.heldCost()))));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exchange", book.venue);
        data.put("symbol", book.symbol);
        data.put("price", book.lastPrice);
        data.put("at", book.lastPriceAt);
        data.put("groups", groupsOnIt);
        feed.publish("price.updated", "price:" + book.venue + ":" + book.symbol, data);
    }
}
