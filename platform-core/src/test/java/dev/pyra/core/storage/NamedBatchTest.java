package dev.pyra.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyra.core.testing.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real PostgreSQL: values arrive exact, and nulls keep their SQL type where PostgreSQL cannot infer one. */
class NamedBatchTest {
    private Connection connection;

    @BeforeEach
    void table() throws Exception {
        connection = DriverManager.getConnection(TestPostgres.newDatabaseUrl());
        connection.createStatement().execute("""
                create table rows (id bigserial primary key, name text unique, qty numeric, n bigint, small int, at timestamptz)""");
    }

    // "insert ... select :x" gives PostgreSQL no column to infer a parameter's type from: a null must carry its own
    private static final NamedBatch.Sql INSERT = NamedBatch.Sql.parse("""
            insert into rows (name, qty, n, small, at) select :name, :qty, :n, :small, :at
            on conflict (name) do nothing""");

    @Test
    void writesValuesAndTypedNullsInOneBatch() throws Exception {
        Instant at = Instant.parse("2026-11-29T10:15:30.123456Z");
        try (NamedBatch batch = new NamedBatch(connection, INSERT)) {
            batch.bind("name", "a").bind("qty", new BigDecimal("0.00000001")).bind("n", 7L).bind("small", 3).bind("at", at).add();
            batch.bind("name", "b").bind("qty", (BigDecimal) null).bind("n", (Long) null).bind("small", 0).bind("at", (Instant) null).add();
            batch.execute();
        }
        ResultSet rs = connection.createStatement().executeQuery("select name, qty, n, small, at from rows order by name");
        assertTrue(rs.next());
        assertEquals(new BigDecimal("0.00000001"), rs.getBigDecimal("qty"));
        assertEquals(7L, rs.getLong("n"));
        assertEquals(3, rs.getInt("small"));
        assertEquals(at, rs.getObject("at", OffsetDateTime.class).toInstant());
        assertTrue(rs.next());
        assertNull(rs.getBigDecimal("qty"));
        assertNull(rs.getObject("n"));
        assertNull(rs.getObject("at"));
    }

    @Test
    void readsBackTheKeysOfTheRowsItInserted() throws Exception {
        connection.createStatement().execute("insert into rows (name) values ('taken')");
        try (NamedBatch batch = new NamedBatch(connection, INSERT, "id", "name")) {
            for (String name : new String[] {"x", "taken", "y"}) {
                batch.bind("name", name).bind("qty", BigDecimal.ONE).bind("n", 1L).bind("small", 1).bind("at", Instant.EPOCH).add();
            }
            batch.execute();
            ResultSet keys = batch.generatedKeys();
            StringBuilder inserted = new StringBuilder();
            while (keys.next()) {
                inserted.append(keys.getString("name")).append(keys.getLong("id") > 1 ? "+" : "?");
            }
            assertEquals("x+y+", inserted.toString());
        }
    }

    @Test
    void aRowWithAParameterLeftUnboundIsRefused() {
        try (NamedBatch batch = new NamedBatch(connection, INSERT)) {
            batch.bind("name", "a").bind("qty", BigDecimal.ONE).bind("n", 1L).bind("small", 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, batch::add);
            assertTrue(e.getMessage().contains("parameter 5 not bound"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> batch.bind("nope", "x"));
        }
    }
}
