package dev.pyra.core.trading;

import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.signal.Signal;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a decision hook is shown of the engine: plain maps and lists built for the call (copies,
 * never the engine's own objects), the same for the engine's calls and the dry run. On the event loop.
 */
final class HookFacts {
    private final GroupBook book;
    private final ExecutionPool pool;
    private final Clock clock;

    HookFacts(GroupBook book, ExecutionPool pool, Clock clock) {
        this.book = book;
        this.pool = pool;
        this.clock = clock;
    }

    /** A signal as {@code filterSignal} sees it. */
    Map<String, Object> signal(StoredSignal stored) {
        Signal s = stored.signal();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", stored.id());
        data.put("exchange", s.exchange());
        data.put("symbol", s.venueSymbol());
        data.put("alertSymbol", s.symbol());
        data.put("pair", s.pairKey());
        data.put("timeframe", s.timeframe());
        data.put("action", s.action().name().toLowerCase(Locale.ROOT));
        data.put("type", s.type().name().toLowerCase(Locale.ROOT));
        data.put("position", s.position());
        data.put("price", s.price());
        data.put("alertId", s.clientId());
        data.put("time", s.time() == null ? null : s.time().toString());
        data.put("receivedAt", stored.receivedAt() == null ? null : stored.receivedAt().toString());
        data.put("lastPrice", book.lastPrice(s.exchange(), s.venueSymbol()));
        return data;
    }

    /**
     * What every hook gets besides its own input: the time, the open groups, the pool. The open
     * groups' summaries are made when the script first reads each one (a filter that never looks
     * at them costs nothing, however many are open): on the hook thread, while the event loop
     * waits for the call's answer — the groups cannot change meanwhile. A call the loop stopped
     * waiting for is thrown away, whatever it read.
     */
    Map<String, Object> context() {
        return context(new Summaries(book.openInOrder()));
    }

    /** The same, every summary made now (for a dry run, whose inputs are shown after the loop has moved on). */
    Map<String, Object> contextNow() {
        return context(book.openInOrder().stream().map(this::group).toList());
    }

    private Map<String, Object> context(List<Map<String, Object>> open) {
        Map<String, Object> poolData = new LinkedHashMap<>();
        poolData.put("maxActiveGroups", pool.maxActiveGroups());
        poolData.put("activeGroups", open.size());
        poolData.put("queued", pool.queueSize());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("now", clock.instant().toString());
        data.put("openGroups", open);
        data.put("pool", poolData);
        return data;
    }

    /** The open groups as the script reads them, each summary made on first reading. */
    private final class Summaries extends java.util.AbstractList<Map<String, Object>> {
        private final List<PositionGroup> groups;

        Summaries(List<PositionGroup> groups) {
            this.groups = groups;
        }

        @Override
        public Map<String, Object> get(int index) {
            return group(groups.get(index));
        }

        @Override
        public int size() {
            return groups.size();
        }
    }

    /** Ladder layers as a hook sees (and returns) them. */
    static List<Map<String, Object>> layers(List<dev.pyra.core.config.PyraConfig.Layer> layers) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (var layer : layers) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("gapPercent", layer.gapPercent());
            one.put("weightPercent", layer.weightPercent());
            one.put("tpPercent", layer.tpPercent());
            data.add(one);
        }
        return data;
    }

    /** One group, in brief. */
    Map<String, Object> group(PositionGroup group) {
        BigDecimal last = book.lastPrice(group);
        BigDecimal held = group.heldQuantity();
        BigDecimal cost = group.heldCost();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", group.id);
        data.put("exchange", group.key.exchange());
        data.put("symbol", group.venueSymbol);
        data.put("pair", group.key.pairKey());
        data.put("timeframe", group.key.timeframe());
        data.put("status", group.status.label());
        data.put("pyramids", group.pyramids.size());
        data.put("legsFilled", group.legs().filter(l -> l.filledQuantity.signum() > 0).count());
        data.put("legs", group.legs().count());
        data.put("heldQuantity", held);
        data.put("averageEntry", held.signum() <= 0 ? null : cost.divide(held, DcaLeg.MATH));
        data.put("lastPrice", last);
        data.put("unrealizedPnl", last == null ? BigDecimal.ZERO : last.multiply(held).subtract(cost));
        data.put("realizedPnl", group.realizedPnl());
        data.put("openedAt", group.openedAt.toString());
        return data;
    }
}
