package dev.pyra.core.trading;

import java.util.Locale;

/** {@code waiting → live → closing → closed}. */
public enum GroupStatus {
    /** Opened; the entry has not filled yet. */
    WAITING,
    /** Holds a position. */
    LIVE,
    /** Selling everything (exit, aggregate take-profit, manual close). */
    CLOSING,
    CLOSED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
