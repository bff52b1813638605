package dev.pyra.api.exchange;

import java.util.Objects;

/** A venue error mapped to a kind, keeping the venue's own code and message for the log. */
public class ExchangeException extends RuntimeException {
    private final ErrorKind kind;
    private final String venueCode;
    private final String venueMessage;

    /** The venue code of an {@link ErrorKind#AUTH} error when no API key is configured at all. */
    public static final String NO_KEY = "no-key";

    public ExchangeException(ErrorKind kind, String venueCode, String venueMessage) {
        this(kind, venueCode, venueMessage, null);
    }

    public ExchangeException(ErrorKind kind, String venueCode, String venueMessage, Throwable cause) {
        super(kind + " (" + venueCode + "): " + venueMessage, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.venueCode = venueCode;
        this.venueMessage = venueMessage;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String venueCode() {
        return venueCode;
    }

    public String venueMessage() {
        return venueMessage;
    }
}
