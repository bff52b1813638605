package dev.pyra.core.trading;

import dev.pyra.api.exchange.OrderRequest;

/** An order Pyra sent, and what it was for. Owned by the event loop. */
final class TrackedOrder {
    final String venue;
    final long groupId;
    final int pyramid;
    final int leg;
    final OrderPurpose purpose;
    final OrderRequest request;
    boolean done;
    /** The venue has reported on it at least once: it knows the order, so a cancel can reach it. */
    boolean acknowledged;
    /** When its cancel was last sent; null while none was. */
    java.time.Instant cancelSentAt;
    /** The log correlation of what decided it ({@code signal-12}, {@code group-5}); its venue calls log under it. */
    String correlationId;
    /** When its intent was recorded, just before it first left; null until then. */
    volatile java.time.Instant sentAt;

    TrackedOrder(String venue, long groupId, int pyramid, int leg, OrderPurpose purpose, OrderRequest request) {
        this.venue = venue;
        this.groupId = groupId;
        this.pyramid = pyramid;
        this.leg = leg;
        this.purpose = purpose;
        this.request = request;
    }

    /**
     * Deterministic: the same intent always gets the same id, so a retried submission can never
     * place twice. At most 36 characters (Binance's limit).
     */
    String correlation() {
        return correlationId != null ? correlationId : "group-" + groupId;
    }

    static String clientOrderId(long groupId, int pyramid, int leg, OrderPurpose purpose, int attempt) {
        return "pyra-" + groupId + "-" + pyramid + "-" + leg + "-" + purpose.code() + (attempt == 0 ? "" : Integer.toString(attempt));
    }
}
