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
    /**
     * The venue refused the key, or there is none: then the venue code is {@link ExchangeException#NO_KEY},
     * and the host leaves that venue's account out (a keyless venue still serves prices).
     */
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
