package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.PreparedOrder;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.Hooks;
import dev.pyra.core.signal.Signal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DCA ladder, one room of the engine: a signal's pyramid planned from the layers in force, each
 * leg priced and sized through the precision engine (blocked with its reason when the venue would
 * refuse it), the entry's buy, and — once the entry has filled — the other legs resting at their
 * gaps below its actual fill price. On the event loop.
 */
final class LadderDesk {
    private static final Logger precisionLog = LoggerFactory.getLogger("pyra.precision");
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    /** What the desk needs of the engine. */
    interface Host {
        /** Sent when the current event ends, after the group's snapshot. */
        void send(PositionGroup group, TrackedOrder order);

        /** The venue's last price of a symbol; null when none is known. */
        BigDecimal lastPrice(String venue, String symbol);
    }

    private final SymbolRulesSource rules;
    private final PrecisionEngine precision;
    private final HookFacts facts;
    private final Supplier<Hooks> hooks;
    private final Host host;

    LadderDesk(SymbolRulesSource rules, PrecisionEngine precision, HookFacts facts, Supplier<Hooks> hooks, Host host) {
        this.rules = rules;
        this.precision = precision;
        this.facts = facts;
        this.hooks = hooks;
        this.host = host;
    }

    /**
     * A new pyramid (the first of a new group when {@code open} is null) from the layers in force —
     * or the ones the user's {@code adjustLadder} hook returns for it — its entry priced and sized
     * (the other legs wait for the entry's fill).
     */
    Pyramid planPyramid(PositionGroup open, StoredSignal stored, PyraConfig.Engine engine, SymbolRulesSource.Lookup symbol) {
        int index = open == null ? 0 : open.pyramids.size();
        Pyramid pyramid = new Pyramid(index, stored.id(), stored.signal().price(), engine.capitalPerPyramid());
        List<PyraConfig.Layer> layers = layers(open, stored, engine, symbol, index);
        for (int i = 0; i < layers.size(); i++) {
            PyraConfig.Layer layer = layers.get(i);
            pyramid.legs.add(new DcaLeg(i, layer.gapPercent(), layer.weightPercent(), layer.tpPercent()));
        }
        DcaLeg entry = pyramid.entry();
        OrderType type = engine.entryOrder().equals("limit") ? OrderType.LIMIT : OrderType.MARKET;
        // a market entry is sized at the market's last price when there is one, not at the alert's
        // (a stale or mistyped alert price must not make it spend many times its capital)
        BigDecimal market = type == OrderType.MARKET && symbol.rules() != null ? host.lastPrice(stored.signal().exchange(), symbol.rules().symbol()) : null;
        size("Signal " + stored.id() + " pyramid " + index + " entry", pyramid, entry, symbol, type,
                market != null ? market : stored.signal().price());
        return pyramid;
    }

    /** The layers in force, unless the user's ladder hook returns others for this pyramid (validated like {@code engine.layers}). */
    private List<PyraConfig.Layer> layers(PositionGroup open, StoredSignal stored, PyraConfig.Engine engine, SymbolRulesSource.Lookup symbol,
            int index) {
        Hooks installed = hooks.get();
        if (!installed.active(HookName.adjustLadder)) {
            return engine.layers();
        }
        Optional<List<PyraConfig.Layer>> adjusted = installed.adjustLadder("signal " + stored.id(), ladderFacts(open, stored, engine, symbol),
                facts.context());
        if (adjusted.isEmpty()) {
            return engine.layers();
        }
        precisionLog.info("Signal {} pyramid {}: layers from the adjustLadder hook: {}", stored.id(), index, HookFacts.layers(adjusted.get()));
        return adjusted.get();
    }

    /** One new pyramid's ladder as the {@code adjustLadder} hook sees it. */
    Map<String, Object> ladderFacts(PositionGroup open, StoredSignal stored, PyraConfig.Engine engine, SymbolRulesSource.Lookup symbol) {
        Signal signal = stored.signal();
        Map<String, Object> ladder = new LinkedHashMap<>();
        ladder.put("exchange", signal.exchange());
        ladder.put("symbol", signal.venueSymbol());
        ladder.put("pair", signal.pairKey());
        ladder.put("timeframe", signal.timeframe());
        ladder.put("pyramid", open == null ? 0 : open.pyramids.size());
        ladder.put("signalId", stored.id());
        ladder.put("signalPrice", signal.price());
        ladder.put("lastPrice", host.lastPrice(signal.exchange(), symbol.rules() == null ? signal.venueSymbol() : symbol.rules().symbol()));
        ladder.put("capital", engine.capitalPerPyramid());
        ladder.put("layers", HookFacts.layers(engine.layers()));
        ladder.put("group", open == null ? null : facts.group(open));
        return ladder;
    }

    /**
     * Prices and sizes a leg's buy through the precision engine; a refused leg is blocked with
     * the reason. A leg below the venue's minimums may be raised within what the pyramid's capital
     * (plus the configured tolerance) leaves after its other legs.
     */
    private void size(String where, Pyramid pyramid, DcaLeg leg, SymbolRulesSource.Lookup symbol, OrderType type, BigDecimal price) {
        BigDecimal others = BigDecimal.ZERO;
        for (DcaLeg other : pyramid.legs) {
            if (other == leg || other.state == LegState.BLOCKED || other.state == LegState.CANCELLED) {
                continue;
            }
            others = others.add(other.quantity == null
                    ? pyramid.capital.multiply(other.weightPercent).divide(HUNDRED)
                    : other.price.multiply(other.quantity));
        }
        PreparedOrder order = symbol.rules() == null
                ? new PreparedOrder(price, pyramid.capital.multiply(leg.weightPercent).divide(HUNDRED).divide(price, DcaLeg.MATH), null,
                        List.of(), List.of(symbol.problem()))
                : precision.sizeLeg(symbol.rules(), type, price, pyramid.capital, leg.weightPercent, others);
        leg.price = order.price();
        leg.quantity = order.quantity();
        leg.adjustments = order.adjustments();
        if (order.blocked()) {
            leg.state = LegState.BLOCKED;
            leg.reason = order.blockedReason();
            precisionLog.warn("{} blocked: {}", where, leg.reason);
        } else if (!order.adjustments().isEmpty()) {
            precisionLog.info("{} adjusted: {}", where, order.adjustments());
        }
    }

    void sendBuy(PositionGroup group, Pyramid pyramid, DcaLeg leg, OrderType type) {
        String id = TrackedOrder.clientOrderId(group.id, pyramid.index, leg.index, OrderPurpose.BUY, 0);
        OrderRequest request = type == OrderType.MARKET
                ? OrderRequest.market(id, group.venueSymbol, Side.BUY, leg.quantity)
                : OrderRequest.limit(id, group.venueSymbol, Side.BUY, leg.quantity, leg.price);
        leg.buyOrderId = id;
        leg.buyType = type;
        host.send(group, new TrackedOrder(group.key.exchange(), group.id, pyramid.index, leg.index, OrderPurpose.BUY, request));
    }

    /** Once the entry has filled, the other legs rest at gaps below its actual average fill price. */
    void placeLadder(PositionGroup group, Pyramid pyramid) {
        BigDecimal entryFill = pyramid.entry().averageFillPrice();
        SymbolRulesSource.Lookup symbol = rules.find(group.key.exchange(), group.venueSymbol);
        for (DcaLeg leg : pyramid.legs.subList(1, pyramid.legs.size())) {
            if (leg.state != LegState.PLANNED) {
                continue;
            }
            BigDecimal price = Ladder.restingPrice(entryFill, leg.gapPercent);
            size("Group " + group.id + " pyramid " + pyramid.index + " leg " + leg.index, pyramid, leg, symbol, OrderType.LIMIT, price);
            if (leg.state == LegState.BLOCKED) {
                continue;
            }
            sendBuy(group, pyramid, leg, OrderType.LIMIT);
        }
    }
}
