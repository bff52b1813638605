package dev.pyra.api.exchange;

import java.math.BigDecimal;

/** An asset balance: {@code free} is spendable, {@code locked} is held by open orders. */
public record Balance(String asset, BigDecimal free, BigDecimal locked) {

    public BigDecimal total() {
        return free.add(locked);
    }
}
