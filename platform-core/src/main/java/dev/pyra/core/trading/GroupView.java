package dev.pyra.core.trading;

import dev.pyra.core.precision.Adjustment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A position group as the API shows it and the journal stores it: an immutable copy made on the
 * event loop, from which a restart rebuilds the group. Money and quantities are exact decimals.
 *
 * @param appliedTrades {@code clientOrderId/tradeId} of every fill already applied
 * @param closingSince when the group started closing
 * @param closeProblem what a close that took longer than its timeout could not resolve
 * @param sales sell orders in flight with their parts; null in snapshots older than 0.2
 * @param lastPriceAt when {@code lastPrice} was seen (a live value shows its age)
 * @param tickSize the venue's price step for the symbol, so prices show the venue's decimals; null when unknown
 * @param stepSize the venue's quantity step, likewise
 */
public record GroupView(
        long id,
        String exchange,
        String symbol,
        String pairKey,
        String timeframe,
        String side,
        String status,
        String baseAsset,
        String quoteAsset,
        String takeProfitMode,
        BigDecimal aggregateTpPercent,
        BigDecimal aggregateTarget,
        BigDecimal averageEntry,
        BigDecimal heldQuantity,
        BigDecimal lastPrice,
        BigDecimal realizedPnl,
        BigDecimal unrealizedPnl,
        int filledLegs,
        int totalLegs,
        Instant openedAt,
        Instant closedAt,
        String closeReason,
        Instant riskTimerStartedAt,
        int closeOrders,
        List<String> workingCloseOrders,
        List<String> appliedTrades,
        List<PyramidView> pyramids,
        Instant closingSince,
        String closeProblem,
        List<SaleView> sales,
        Instant lastPriceAt,
        BigDecimal tickSize,
        BigDecimal stepSize) {

    public GroupView {
        workingCloseOrders = workingCloseOrders == null ? List.of() : workingCloseOrders;
    }

    /** A sell order in flight and what it set aside from which legs (unsold part). */
    public record SaleView(String orderId, String purpose, List<SalePart> parts) {}

    public record SalePart(int pyramid, int leg, BigDecimal quantity) {}

    public record PyramidView(int index, long signalId, BigDecimal signalPrice, BigDecimal capital, List<LegView> legs) {}

    /**
     * @param adjustments what the precision engine changed in the leg's buy, and why
     * @param tpTarget this leg's average fill price × (1 + tp%), rounded up to the tick
     */
    public record LegView(
            int index,
            String state,
            String reason,
            BigDecimal gapPercent,
            BigDecimal weightPercent,
            BigDecimal tpPercent,
            String buyOrderId,
            boolean buyDone,
            BigDecimal price,
            BigDecimal quantity,
            BigDecimal filledQuantity,
            BigDecimal filledQuote,
            BigDecimal averageFillPrice,
            BigDecimal feeQuote,
            BigDecimal feeBase,
            BigDecimal tpTarget,
            BigDecimal soldQuantity,
            BigDecimal sellingQuantity,
            BigDecimal dust,
            BigDecimal costBasis,
            BigDecimal realizedPnl,
            List<Adjustment> adjustments,
            String buyType,
            Integer takeProfitOrders) {
        public LegView {
            adjustments = adjustments == null ? List.of() : List.copyOf(adjustments); // snapshots older than 0.1 have none
        }
    }
}
