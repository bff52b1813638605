package dev.pyra.core.signal;

/** Entry opens or adds to a position group; exit closes it. */
public enum SignalType {
    ENTRY,
    EXIT
}
