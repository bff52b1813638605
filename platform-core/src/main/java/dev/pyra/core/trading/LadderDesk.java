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
import java.util.List;
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
    private final Host host;

    LadderDesk(SymbolRulesSource rules, PrecisionEngine precision, Host host) {
        this.rules = rules;
        this.precision = precision;
        this.host = host;
    }

    /** A new pyramid from the layers in force, its entry priced and sized (the other legs wait for the entry's fill). */
    Pyramid planPyramid(int index, StoredSignal stored, PyraConfig.Engine engine, SymbolRulesSource.Lookup symbol) {
        Pyramid pyramid = new Pyramid(index, stored.id(), stored.signal().price(), engine.capitalPerPyramid());
        List<PyraConfig.Layer> layers = engine.layers();
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
