package dev.pyra.core.precision;

/** What to do with a buy that rounds below the venue's minimum quantity or notional. */
public enum BelowMinimum {
    /** Raise it to the minimum when the pyramid's capital (plus the tolerance) allows; otherwise skip it. */
    RAISE,
    /** Skip the leg: it is shown as blocked with the reason. */
    SKIP;

    public static BelowMinimum of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
