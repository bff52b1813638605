package dev.pyra.core;

/** A failure with a message meant for the person running Pyra (printed as is, no stack trace). */
public class PyraException extends RuntimeException {
    public PyraException(String message) {
        super(message);
    }

    public PyraException(String message, Throwable cause) {
        super(message, cause);
    }
}
