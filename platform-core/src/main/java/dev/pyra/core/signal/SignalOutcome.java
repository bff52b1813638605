package dev.pyra.core.signal;

/**
 * What became of a signal, as the webhook answers and {@code GET /api/v1/signals} shows it.
 *
 * @param status {@code executed}, {@code queued}, {@code replaced}, {@code ignored}, {@code rejected},
 *     or {@code accepted} (stored and handed to the engine, decision not yet made)
 */
public record SignalOutcome(String status, String reason) {
    public static final String RECEIVED = "received";

    public static SignalOutcome accepted(String reason) {
        return new SignalOutcome("accepted", reason);
    }

    public static SignalOutcome executed(String reason) {
        return new SignalOutcome("executed", reason);
    }

    public static SignalOutcome queued(String reason) {
        return new SignalOutcome("queued", reason);
    }

    public static SignalOutcome replaced(String reason) {
        return new SignalOutcome("replaced", reason);
    }

    public static SignalOutcome ignored(String reason) {
        return new SignalOutcome("ignored", reason);
    }

    public static SignalOutcome rejected(String reason) {
        return new SignalOutcome("rejected", reason);
    }
}
