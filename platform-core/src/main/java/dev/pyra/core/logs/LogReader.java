package dev.pyra.core.logs;

import dev.pyra.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Reads Pyra's JSON-lines log ({@code logs/pyra.jsonl} and its rotated files), newest first, through
 * a filter: the log viewer's and the export's source.
 */
public final class LogReader {
    public static final Set<String> CATEGORIES = Set.of("system", "webhook", "order", "precision", "risk", "error");
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final Pattern ROTATED = Pattern.compile("^pyra\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.jsonl$");

    private final Path logsDir;

    public LogReader(Path logsDir) {
        this.logsDir = logsDir;
    }

    /**
     * @param level the least important level wanted ({@code WARN}: warnings and errors)
     * @param before the cursor of the last entry of the previous page: only older ones
     */
    public record Filter(String category, String level, Instant from, Instant to, String text, Long groupId, String before, int limit) {}

    public record Page(List<LogEntry> entries, String next) {}

    public Page read(Filter filter) {
        List<LogEntry> found = new ArrayList<>();
        Cursor before = filter.before() == null ? null : Cursor.parse(filter.before());
        for (Path file : filesNewestFirst()) {
            List<String> lines = lines(file);
            for (int i = lines.size() - 1; i >= 0; i--) {
                LogEntry entry = parse(lines.get(i));
                if (entry == null) {
                    continue;
                }
                if (filter.from() != null && entry.at().isBefore(filter.from())) {
                    return new Page(found, null); // everything further back is older still
                }
                if (before != null && !Cursor.parse(entry.cursor()).isBefore(before)) {
                    continue;
                }
                if (matches(entry, filter)) {
                    found.add(entry);
                    if (found.size() == filter.limit()) {
                        return new Page(found, entry.cursor());
                    }
                }
            }
        }
        return new Page(found, null);
    }

    private static boolean matches(LogEntry entry, Filter filter) {
        if (filter.category() != null && !filter.category().equals(entry.category())
                && !(filter.category().equals("error") && entry.level().equals("ERROR"))) {
            return false;
        }
        if (filter.level() != null && LEVELS.indexOf(entry.level()) < LEVELS.indexOf(filter.level())) {
            return false;
        }
        if (filter.to() != null && entry.at().isAfter(filter.to())) {
            return false;
        }
        if (filter.groupId() != null && !Long.toString(filter.groupId()).equals(entry.fields().get(Correlation.GROUP))) {
            return false;
        }
        return filter.text() == null || entry.message().toLowerCase(Locale.ROOT).contains(filter.text().toLowerCase(Locale.ROOT))
                || (entry.correlationId() != null && entry.correlationId().equals(filter.text()));
    }

    /** The current file first, then the rotated ones, newest first. */
    private List<Path> filesNewestFirst() {
        List<Path> files = new ArrayList<>();
        Path current = logsDir.resolve("pyra.jsonl");
        if (Files.exists(current)) {
            files.add(current);
        }
        if (Files.isDirectory(logsDir)) {
            try (Stream<Path> list = Files.list(logsDir)) {
                list.filter(p -> ROTATED.matcher(p.getFileName().toString()).matches())
                        .sorted(Comparator.comparing((Path p) -> rotation(p, 1)).thenComparing(p -> Integer.parseInt(rotation(p, 2)))
                                .reversed())
                        .forEach(files::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return files;
    }

    private static String rotation(Path file, int group) {
        Matcher m = ROTATED.matcher(file.getFileName().toString());
        m.matches();
        return m.group(group);
    }

    private static List<String> lines(Path file) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // rotated away while reading: what was read is shown
        }
        return lines;
    }

    static LogEntry parse(String line) {
        if (line.isBlank() || line.charAt(0) != '{') {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (RuntimeException e) {
            return null; // a line cut by a crash
        }
        Instant at = Instant.ofEpochMilli(node.path("timestamp").asLong());
        long sequence = node.path("sequenceNumber").asLong();
        String logger = node.path("loggerName").asString("");
        String level = node.path("level").asString("INFO");
        String message = node.path("formattedMessage").asString(node.path("message").asString(""));
        JsonNode throwable = node.path("throwable");
        if (throwable.isObject()) {
            message = message + " (" + throwable.path("className").asString("") + ": " + throwable.path("message").asString("") + ")";
        }
        Map<String, String> fields = new LinkedHashMap<>();
        node.path("mdc").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asString()));
        JsonNode kvp = node.path("kvpList");
        if (kvp.isArray()) {
            kvp.forEach(pair -> pair.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asString())));
        } else if (kvp.isObject()) {
            kvp.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asString()));
        }
        String correlation = fields.remove(Correlation.ID);
        return new LogEntry(at, level, category(logger), message, correlation, fields, at.toEpochMilli() + "-" + sequence);
    }

    static String category(String logger) {
        if (logger.startsWith("pyra.")) {
            String name = logger.substring(5);
            return CATEGORIES.contains(name) ? name : "system";
        }
        return "system";
    }

    /** Where an entry sits in the log: its time, then its sequence number within that millisecond's run. */
    private record Cursor(long millis, long sequence) {
        static Cursor parse(String text) {
            int dash = text.indexOf('-');
            try {
                return new Cursor(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a log cursor: '" + text + "'");
            }
        }

        boolean isBefore(Cursor other) {
            return millis < other.millis || (millis == other.millis && sequence < other.sequence);
        }
    }
}
