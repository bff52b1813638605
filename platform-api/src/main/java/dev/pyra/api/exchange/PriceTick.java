package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The last traded price of a symbol at a moment.
 *
 * @param quantity how much traded at this price, for simulators (it caps what resting orders can
 *     fill on this tick, so partial fills can be played); null means unlimited
 */
public record PriceTick(String symbol, BigDecimal price, Instant time, BigDecimal quantity) {

    public PriceTick {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(time, "time");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive");
        }
        if (quantity != null && quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }

    public PriceTick(String symbol, BigDecimal price, Instant time) {
        this(symbol, price, time, null);
    }
}
