package dev.pyra.core.signal;

import java.time.Instant;

/** A signal as persisted: its id is the one the webhook answered with. */
public record StoredSignal(long id, Signal signal, Instant receivedAt) {}
