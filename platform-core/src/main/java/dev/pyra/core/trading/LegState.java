package dev.pyra.core.trading;

import java.util.Locale;

/** {@code planned → open → partially-filled → filled → tp-open → closed | cancelled | blocked}. */
public enum LegState {
    /** Computed, no order yet (further legs wait for the entry's fill price). */
    PLANNED,
    /** Its buy order rests on the venue. */
    OPEN,
    PARTIALLY_FILLED,
    FILLED,
    /** Filled, and its take-profit is armed. */
    TP_OPEN,
    /** Everything it bought has been sold. */
    CLOSED,
    /** Its order was cancelled before anything filled. */
    CANCELLED,
    /** Never sent: the precision check refused it (see the leg's reason). */
    BLOCKED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isFinal() {
        return this == CLOSED || this == CANCELLED || this == BLOCKED;
    }
}
