package dev.pyra.core.plugin;

import java.util.List;

/**
 * A plugin as {@code GET /api/v1/plugins} lists it.
 *
 * @param state PF4J's state ({@code STARTED}, {@code DISABLED}, {@code FAILED}, ...)
 * @param extensionPoints the Pyra extension points it provides, e.g. {@code ExchangeConnectorFactory}
 * @param error why it failed to load or start; null when it did not
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
        String error) {}
