package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An order on the paper venue; mutable, guarded by the exchange's lock. */
final class PaperOrder {
    String clientOrderId;
    long orderId;
    String symbol;
    Side side;
    OrderType type;
    OrderStatus status;
    BigDecimal price;
    BigDecimal quantity;
    BigDecimal executedQuantity = BigDecimal.ZERO;
    List<Fill> fills = new ArrayList<>();
    Instant updatedAt;

    BigDecimal remaining() {
        return quantity.subtract(executedQuantity);
    }

    boolean isOpen() {
        return !status.isTerminal();
    }

    OrderReport report() {
        return new OrderReport(clientOrderId, Long.toString(orderId), symbol, side, type, status, price, quantity,
                executedQuantity, fills, updatedAt);
    }
}
