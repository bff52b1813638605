package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One execution of an order, with the fee the venue charged for it and in which asset. */
public record Fill(String tradeId, BigDecimal price, BigDecimal quantity, BigDecimal commission, String commissionAsset, Instant time) {

    public Fill {
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(commission, "commission");
        Objects.requireNonNull(commissionAsset, "commissionAsset");
        Objects.requireNonNull(time, "time");
        if (quantity.signum() <= 0) {
            throw new IllegalArgumentException("fill quantity must be positive");
        }
    }
}
