package dev.pyra.core.storage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JDBC batch of one SQL statement written with {@code :named} parameters, bound straight onto
 * the driver's positional ones. The database writers' hot path: JDBI's per-value binding machinery
 * allocated more per row than the row itself (docs/performance.md). Every parameter must be bound
 * for every row. A null text or number is sent with its SQL type; a null timestamp goes untyped
 * (the driver's way), so PostgreSQL takes its type from the column: write {@code ::timestamptz}
 * where it has none to take it from ({@code :at is null}). The parser knows plain SQL, quoted
 * text and {@code ::} casts; anything else it could misread is refused when the statement is parsed.
 */
public final class NamedBatch implements AutoCloseable {

    /** A statement's SQL with its names replaced by {@code ?}, parsed once per statement. */
    public record Sql(String jdbc, Map<String, int[]> positions, int count) {
        public static Sql parse(String named) {
            StringBuilder jdbc = new StringBuilder(named.length());
            Map<String, List<Integer>> found = new HashMap<>();
            int count = 0;
            boolean quoted = false;
            for (int i = 0; i < named.length(); i++) {
                char c = named.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (c == '\\' || (!quoted && (c == '"' || c == '$' || c == '[' || named.startsWith("--", i)
                        || named.startsWith("/*", i) || named.startsWith(":=", i)))) {
                    throw new IllegalArgumentException("NamedBatch reads plain SQL only (no comments, quoted identifiers, "
                            + "escapes, dollar quoting, := nor array subscripts), at " + i + " in " + named);
                } else if (!quoted && c == ':' && i + 1 < named.length() && named.charAt(i + 1) == ':') {
                    jdbc.append("::"); // a cast, not a parameter
                    i++;
                    continue;
                } else if (!quoted && c == ':' && i + 1 < named.length() && Character.isJavaIdentifierStart(named.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < named.length() && Character.isJavaIdentifierPart(named.charAt(end))) {
                        end++;
                    }
                    found.computeIfAbsent(named.substring(i + 1, end), k -> new ArrayList<>()).add(++count);
                    jdbc.append('?');
                    i = end - 1;
                    continue;
                }
                jdbc.append(c);
            }
            Map<String, int[]> positions = new HashMap<>();
            found.forEach((name, at) -> positions.put(name, at.stream().mapToInt(Integer::intValue).toArray()));
            return new Sql(jdbc.toString(), Map.copyOf(positions), count);
        }
    }

    private final Sql sql;
    private final PreparedStatement statement;
    private final boolean[] bound;
    private int rows;

    public NamedBatch(Connection connection, Sql sql) {
        this(connection, sql, new String[0]);
    }

    /** @param returning columns of each inserted row to read back with {@link #generatedKeys()} */
    public NamedBatch(Connection connection, Sql sql, String... returning) {
        this.sql = sql;
        this.bound = new boolean[sql.count() + 1];
        try {
            this.statement = returning.length == 0 ? connection.prepareStatement(sql.jdbc()) : connection.prepareStatement(sql.jdbc(), returning);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    public NamedBatch bind(String name, String value) {
        return set(name, value, Types.VARCHAR);
    }

    public NamedBatch bind(String name, BigDecimal value) {
        return set(name, value, Types.NUMERIC);
    }

    public NamedBatch bind(String name, long value) {
        return set(name, value, Types.BIGINT);
    }

    public NamedBatch bind(String name, Long value) {
        return set(name, value, Types.BIGINT);
    }

    public NamedBatch bind(String name, int value) {
        return set(name, value, Types.INTEGER);
    }

    public NamedBatch bind(String name, Instant value) {
        return set(name, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private NamedBatch set(String name, Object value, int sqlType) {
        int[] at = sql.positions().get(name);
        if (at == null) {
            throw new IllegalArgumentException("no parameter :" + name + " in " + sql.jdbc());
        }
        try {
            for (int position : at) {
                if (value == null) {
                    statement.setNull(position, sqlType);
                } else {
                    statement.setObject(position, value, sqlType);
                }
                bound[position] = true;
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        return this;
    }

    /** Ends a row: every parameter must have been bound. */
    public void add() {
        for (int position = 1; position < bound.length; position++) {
            if (!bound[position]) {
                throw new IllegalStateException("parameter " + position + " not bound in " + sql.jdbc());
            }
        }
        Arrays.fill(bound, false);
        try {
            statement.addBatch();
            rows++;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    public void execute() {
        if (rows == 0) {
            return;
        }
        try {
            statement.executeBatch();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** The columns named at construction, of each row the batch inserted (an {@code on conflict do nothing} row is absent). */
    public ResultSet generatedKeys() {
        try {
            return statement.getGeneratedKeys();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public void close() {
        try {
            statement.close();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** A database error on the writer's path; the batch writer retries its writes one by one. */
    public static final class StorageException extends RuntimeException {
        StorageException(SQLException cause) {
            super(cause.getMessage(), nextOf(cause));
        }

        /** A batch's own exception says only "see getNextException": keep the real cause. */
        private static Throwable nextOf(SQLException e) {
            return e.getNextException() != null ? e.getNextException() : e;
        }
    }
}
