package dev.pyra.web;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.logs.LogEntry;
import dev.pyra.core.logs.LogReader;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/logs?category=&level=&from=&to=&q=&groupId=&limit=&before=}: the log, newest
 * first, a page at a time ({@code next} is the {@code before} of the next page);
 * {@code GET /api/v1/logs/export?format=csv|json&…} the same filter as a download.
 */
final class LogRoutes {
    private static final String V1 = "/api/v1";
    private static final int EXPORT_LIMIT = 100_000;
    private final Supplier<LogReader> reader;

    LogRoutes(Supplier<LogReader> reader) {
        this.reader = reader;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/logs", this::page);
        routes.get(V1 + "/logs/export", this::export);
    }

    private void page(Context ctx) {
        LogReader.Page page = reader.get().read(filter(ctx, limit(ctx, 200, 1000)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries());
        body.put("next", page.next());
        ctx.json(body);
    }

    private void export(Context ctx) {
        String format = ctx.queryParam("format") == null ? "csv" : ctx.queryParam("format").toLowerCase(Locale.ROOT);
        List<LogEntry> entries = reader.get().read(filter(ctx, limit(ctx, EXPORT_LIMIT, EXPORT_LIMIT))).entries();
        String stamp = Instant.now().toString().replace(":", "").substring(0, 15);
        switch (format) {
            case "json" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"pyra-logs-" + stamp + ".json\"");
                ctx.contentType("application/json; charset=utf-8").result(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
            }
            case "csv" -> {
                StringBuilder csv = new StringBuilder("at,level,category,message,correlationId,fields\r\n");
                for (LogEntry e : entries) {
                    csv.append(e.at()).append(',').append(e.level()).append(',').append(e.category()).append(',')
                            .append(csvField(e.message())).append(',').append(csvField(e.correlationId())).append(',')
                            .append(csvField(e.fields().isEmpty() ? "" : Json.MAPPER.writeValueAsString(e.fields()))).append("\r\n");
                }
                ctx.header("Content-Disposition", "attachment; filename=\"pyra-logs-" + stamp + ".csv\"");
                ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
            }
            default -> throw new BadRequestException("format", "must be csv or json, was '" + format + "'");
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; a leading formula character is neutralised for spreadsheets. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static LogReader.Filter filter(Context ctx, int limit) {
        String category = ctx.queryParam("category");
        if (category != null && !category.isBlank() && !LogReader.CATEGORIES.contains(category)) {
            throw new BadRequestException("category", "one of " + String.join(", ", new java.util.TreeSet<>(LogReader.CATEGORIES)));
        }
        String level = ctx.queryParam("level");
        if (level != null && !level.isBlank() && !List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level.toUpperCase(Locale.ROOT))) {
            throw new BadRequestException("level", "one of DEBUG, INFO, WARN, ERROR");
        }
        String group = ctx.queryParam("groupId");
        Long groupId;
        try {
            groupId = group == null || group.isBlank() ? null : Long.parseLong(group);
        } catch (NumberFormatException e) {
            throw new BadRequestException("groupId", "not a group id: '" + group + "'");
        }
        String before = ctx.queryParam("before");
        if (before != null && !before.matches("^\\d+-\\d+$")) {
            throw new BadRequestException("before", "not a cursor from a previous page's 'next'");
        }
        return new LogReader.Filter(blank(category), level == null || level.isBlank() ? null : level.toUpperCase(Locale.ROOT),
                ApiRoutes.instant(ctx, "from"), ApiRoutes.instant(ctx, "to"), blank(ctx.queryParam("q")), groupId, blank(before), limit);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int limit(Context ctx, int fallback, int max) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < 1 || value > max) {
                throw new BadRequestException("limit", "must be between 1 and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit", "not a whole number: '" + raw + "'");
        }
    }
}
