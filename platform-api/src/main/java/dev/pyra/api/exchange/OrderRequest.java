package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order as Pyra sends it, already rounded by the precision engine.
 *
 * @param clientOrderId deterministic id: a retry of the same intent carries the same id
 * @param price limit price; {@code null} for market orders
 */
public record OrderRequest(
        String clientOrderId, String symbol, Side side, OrderType type, BigDecimal quantity, BigDecimal price) {

    public OrderRequest {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(quantity, "quantity");
        if (quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity.toPlainString());
        }
        if (type == OrderType.LIMIT && (price == null || price.signum() <= 0)) {
            throw new IllegalArgumentException("a limit order needs a positive price");
        }
        if (type == OrderType.MARKET && price != null) {
            throw new IllegalArgumentException("a market order carries no price");
        }
    }

    public static OrderRequest market(String clientOrderId, String symbol, Side side, BigDecimal quantity) {
        return new OrderRequest(clientOrderId, symbol, side, OrderType.MARKET, quantity, null);
    }

    public static OrderRequest limit(String clientOrderId, String symbol, Side side, BigDecimal quantity, BigDecimal price) {
        return new OrderRequest(clientOrderId, symbol, side, OrderType.LIMIT, quantity, price);
    }
}
