package dev.pyra.core.signal;

/** A signal refused before it was stored: the HTTP status and the field at fault. */
public class BadSignalException extends RuntimeException {
    private final int status;
    private final String field;
    private final String detail;

    public BadSignalException(int status, String field, String detail) {
        super(field == null ? detail : field + ": " + detail);
        this.status = status;
        this.field = field;
        this.detail = detail;
    }

    /** The message without the field name. */
    public String detail() {
        return detail;
    }

    public static BadSignalException badField(String field, String message) {
        return new BadSignalException(400, field, message);
    }

    public int status() {
        return status;
    }

    /** The JSON field at fault, or null when the body as a whole is. */
    public String field() {
        return field;
    }
}
