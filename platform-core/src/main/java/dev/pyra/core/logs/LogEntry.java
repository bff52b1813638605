package dev.pyra.core.logs;

import java.time.Instant;
import java.util.Map;

/**
 * One log line as {@code GET /api/v1/logs} answers it.
 *
 * @param category {@code system}, {@code webhook}, {@code order}, {@code precision}, {@code risk} or {@code error}
 * @param fields the line's context: group and signal ids, and whatever key-value pairs it was logged with
 */
public record LogEntry(Instant at, String level, String category, String message, String correlationId, Map<String, String> fields,
        String cursor) {}
