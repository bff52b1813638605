package dev.pyra.core.trading;

import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;

/** What the order gateway reports back; the engine turns each into an event on its loop. */
interface OrderEvents {

    void onReport(String venue, OrderReport report);

    /** The venue refused the order for good (or never answered after every retry). */
    void onOrderFailed(String venue, String clientOrderId, ExchangeException error);

    /** Whether an order left in doubt should still be sent: it is not finished and its group still wants it. */
    boolean stillWanted(String clientOrderId);
}
