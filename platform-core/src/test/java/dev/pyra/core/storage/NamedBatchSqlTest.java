package dev.pyra.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NamedBatchSqlTest {

    @Test
    void namesBecomePositionsInOrder() {
        NamedBatch.Sql sql = NamedBatch.Sql.parse("update orders set status = :status where client_order_id = :id");
        assertEquals("update orders set status = ? where client_order_id = ?", sql.jdbc());
        assertEquals(2, sql.count());
        assertArrayEquals(new int[] {1}, sql.positions().get("status"));
        assertArrayEquals(new int[] {2}, sql.positions().get("id"));
    }

    @Test
    void aNameUsedTwiceIsBoundAtBothPlaces() {
        NamedBatch.Sql sql = NamedBatch.Sql.parse("select :id, :qty where exists (select 1 from orders where client_order_id = :id)");
        assertEquals("select ?, ? where exists (select 1 from orders where client_order_id = ?)", sql.jdbc());
        assertArrayEquals(new int[] {1, 3}, sql.positions().get("id"));
        assertEquals(3, sql.count());
    }

    @Test
    void castsAndQuotedTextAreNotParameters() {
        NamedBatch.Sql sql = NamedBatch.Sql.parse("insert into t (a, b, c) values (cast(:json as jsonb), :at::timestamptz, 'x:y')");
        assertEquals("insert into t (a, b, c) values (cast(? as jsonb), ?::timestamptz, 'x:y')", sql.jdbc());
        assertEquals(2, sql.count());
        assertEquals(java.util.Set.of("json", "at"), sql.positions().keySet());
    }

    @Test
    void sqlItCouldMisreadIsRefusedWhenParsed() {
        for (String sql : new String[] {
                "select :a -- it's a comment", "select /* :b */ :a", "select \"col:x\" from t", "select $$:a$$",
                "select a[1:2] from t", "select E'it\\'s :a'", "select x := :a"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> NamedBatch.Sql.parse(sql), sql);
        }
    }
}
