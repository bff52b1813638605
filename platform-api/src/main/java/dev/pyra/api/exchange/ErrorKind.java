package dev.pyra.api.exchange;

/** The engine's view of a venue error. Retrying is decided by the kind, once, in the core. */
public enum ErrorKind {
    RATE_LIMITED(true),
    VENUE_UNAVAILABLE(true),
    TIMEOUT(true),
    INSUFFICIENT_BALANCE(false),
    PRECISION(false),
    UNKNOWN_SYMBOL(false),
    UNKNOWN_ORDER(false),
    AUTH(false),
    REJECTED(false);

    private final boolean transientError;

    ErrorKind(boolean transientError) {
        this.transientError = transientError;
    }

    /** Transient errors may succeed on retry (after querying by client order id first). */
    public boolean isTransient() {
        return transientError;
    }
}
