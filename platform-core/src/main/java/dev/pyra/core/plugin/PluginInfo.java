package dev.pyra.core.plugin;

import java.util.List;

/**
 * A plugin as {@code GET /api/v1/plugins} lists it.
 *
 * @param state PF4J's state ({@code STARTED}, {@code DISABLED}, {@code FAILED}, ...)
 * @param extensionPoints the Pyra extension points it provides, e.g. {@code ExchangeConnectorFactory}
 * @param error why it failed to load or start; null when it did not
 * @param enabledAfterRestart whether it will be switched on after the next start (a switch waits for it)
 * @param uploaded whether it came through an upload (in the data directory) rather than with Pyra
 * @param removeAfterRestart an uploaded plugin the user removed: its jar goes at the next start
 */
public record PluginInfo(
        String id,
        String version,
        String provider,
        String description,
        String state,
        String path,
        List<String> extensionPoints,
        List<String> extensions,
        String error,
        Boolean enabledAfterRestart,
        boolean uploaded,
        boolean removeAfterRestart) {

    /** Whether the next start changes it: uploaded, removed, or switched on or off since this start. */
    @com.fasterxml.jackson.annotation.JsonProperty("pendingRestart")
    public boolean pendingRestart() {
        if (removeAfterRestart || "INSTALLED".equals(state)) {
            return true;
        }
        return error == null && enabledAfterRestart != null && enabledAfterRestart != "STARTED".equals(state);
    }
}
