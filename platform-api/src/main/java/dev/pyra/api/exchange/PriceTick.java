package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** The last traded price of a symbol at a moment. */
public record PriceTick(String symbol, BigDecimal price, Instant time) {

    public PriceTick {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(time, "time");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive");
        }
    }
}
