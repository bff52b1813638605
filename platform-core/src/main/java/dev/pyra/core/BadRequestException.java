package dev.pyra.core;

/** A client's request that Pyra refuses; {@code field} names what is wrong (a JSON path or field). */
public class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
