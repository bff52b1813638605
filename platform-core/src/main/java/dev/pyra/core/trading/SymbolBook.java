package dev.pyra.core.trading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One symbol on one venue: its last price and the open groups trading it (a tick looks here only). Owned by the event loop. */
final class SymbolBook {
    final String venue;
    final String symbol;
    BigDecimal lastPrice;
    Instant lastPriceAt;
    final List<PositionGroup> groups = new ArrayList<>();

    SymbolBook(String venue, String symbol) {
        this.venue = venue;
        this.symbol = symbol;
    }
}
