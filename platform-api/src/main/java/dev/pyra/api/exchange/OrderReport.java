package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The venue's word on an order: its status and every fill so far. Reports are cumulative, so a
 * repeated report changes nothing (the engine applies fills by trade id, once).
 */
public record OrderReport(
        String clientOrderId,
        String venueOrderId,
        String symbol,
        Side side,
        OrderType type,
        OrderStatus status,
        BigDecimal price,
        BigDecimal quantity,
        BigDecimal executedQuantity,
        List<Fill> fills,
        Instant updatedAt) {

    public OrderReport {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(status, "status");
        fills = List.copyOf(fills);
    }
}
