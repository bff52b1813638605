package dev.pyra.core.signal;

import java.math.BigDecimal;
import java.time.Instant;

/** A row of the signal log, as {@code GET /api/v1/signals} lists it. */
public record SignalRecord(
        long id,
        Instant receivedAt,
        String sourceAddress,
        String exchange,
        String symbol,
        String venueSymbol,
        String timeframe,
        String action,
        String type,
        String position,
        BigDecimal price,
        String clientId,
        Instant signalTime,
        String status,
        String reason,
        Instant decidedAt,
        String rawBody) {}
