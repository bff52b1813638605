package dev.pyra.core.hooks;

import java.time.Instant;

/**
 * A hook as the Hooks page and {@code GET /api/v1/hooks} show it.
 *
 * @param state {@code absent} (no file), {@code active}, {@code off} (switched off: see {@code offReason}),
 *     {@code error} (its file does not load: see {@code loadError}), {@code hooks-off} ({@code hooks.enabled} is false)
 * @param offByUser switched off on the Hooks page (else by Pyra after failures; a new version switches it on again)
 * @param consecutiveFailures failures in a row; at {@code maxConsecutiveFailures} the hook is switched off
 * @param lastCallMicros the last call's time on the hook thread (CPU), in microseconds
 */
public record HookStatus(String name, String signature, String purpose, String file, String state, String version, Instant updatedAt,
        String loadError, boolean offByUser, String offReason, Instant offAt, long calls, long failures, int consecutiveFailures,
        int maxConsecutiveFailures, String lastError, Instant lastErrorAt, String lastErrorSubject, Long lastCallMicros) {

    public boolean active() {
        return state.equals("active");
    }
}
