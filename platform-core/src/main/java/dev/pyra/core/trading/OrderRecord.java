package dev.pyra.core.trading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order from the trade history, with its fills, as {@code GET /api/v1/orders} lists it. */
public record OrderRecord(
        String clientOrderId,
        String venue,
        long groupId,
        int pyramid,
        int leg,
        String purpose,
        String symbol,
        String side,
        String type,
        BigDecimal quantity,
        BigDecimal price,
        String status,
        String venueOrderId,
        BigDecimal executedQuantity,
        String error,
        Instant createdAt,
        Instant updatedAt,
        List<FillRecord> fills) {

    public record FillRecord(String tradeId, BigDecimal price, BigDecimal quantity, BigDecimal commission, String commissionAsset, Instant time) {}
}
