package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The paper account as saved between runs, in the venue's state store: balances, prices and the
 * orders not yet archived (every open one, and the finished ones since the last archive chunk).
 * Finished orders are archived by 500 under {@code archive/<n>} and never written again, so a
 * save costs the open orders, not the whole history.
 *
 * @param archivedChunks how many archive chunks there are; null in states from before chunks
 */
record PaperState(
        Map<String, Balance> balances, List<Order> orders, Map<String, BigDecimal> lastPrices, long nextOrderId, long nextTradeId,
        Integer archivedChunks) {

    /** One archive chunk: finished orders, in the order they were placed. */
    record Archive(List<Order> orders) {}

    record Balance(BigDecimal free, BigDecimal locked) {}

    record Order(
            String clientOrderId,
            long orderId,
            String symbol,
            Side side,
            OrderType type,
            OrderStatus status,
            BigDecimal price,
            BigDecimal quantity,
            BigDecimal executedQuantity,
            List<Fill> fills,
            Instant updatedAt) {

        static Order of(PaperOrder o) {
            return new Order(o.clientOrderId, o.orderId, o.symbol, o.side, o.type, o.status, o.price, o.quantity,
                    o.executedQuantity, List.copyOf(o.fills), o.updatedAt);
        }

        PaperOrder toOrder() {
            PaperOrder o = new PaperOrder();
            o.clientOrderId = clientOrderId;
            o.orderId = orderId;
            o.symbol = symbol;
            o.side = side;
            o.type = type;
            o.status = status;
            o.price = price;
            o.quantity = quantity;
            o.executedQuantity = executedQuantity;
            o.fills = new ArrayList<>(fills);
            o.updatedAt = updatedAt;
            return o;
        }
    }
}
