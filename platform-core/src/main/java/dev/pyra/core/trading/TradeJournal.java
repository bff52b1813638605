package dev.pyra.core.trading;

import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.core.Json;
import dev.pyra.core.storage.BatchWriter;
import java.math.BigDecimal;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Trade history and engine state in PostgreSQL. Order intents are written synchronously (before
 * the request leaves); reports, fills and group snapshots by one batching writer, in order, so the
 * event loop never waits on the database.
 */
final class TradeJournal implements AutoCloseable {
    private final Jdbi jdbi;
    private final BatchWriter writer;

    /** @param writer the engine's writer ({@code SignalRepository.writer()}), so an instant's decisions, orders and snapshots share one commit */
    TradeJournal(Jdbi jdbi, BatchWriter writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    /** The next free position group id: never one an order was ever sent for. */
    long nextGroupId() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select greatest((select coalesce(max(id), 0) from position_groups),
                                        (select coalesce(max(group_id), 0) from orders)) + 1""")
                .mapTo(Long.class).one());
    }

    /** Durable before it returns; concurrent intents share one commit. */
    void recordIntent(TrackedOrder order) {
        writer.call(INTENTS, order).join();
    }

    void recordReport(OrderReport report) {
        writer.submit(REPORTS, report);
        for (Fill fill : report.fills()) {
            writer.submit(FILLS, new OrderFill(report.clientOrderId(), fill));
        }
    }

    void recordFailure(String clientOrderId, String error) {
        writer.submit(FAILURES, new OrderFailure(clientOrderId, error));
    }

    void saveGroup(GroupView group) {
        // only the newest snapshot of a group matters: a pending older one is replaced
        writer.submit("group-" + group.id(), GROUPS, group);
    }

    private record OrderFill(String clientOrderId, Fill fill) {}

    private record OrderFailure(String clientOrderId, String error) {}

    // stages: an order's row is inserted before its updates and fills in the same transaction
    private static final BatchWriter.Kind<TrackedOrder, Void> INTENTS = BatchWriter.statement(0, """
            insert into orders (client_order_id, venue, group_id, pyramid, leg, purpose, symbol, side, order_type,
                quantity, price, status, created_at)
            values (:id, :venue, :group, :pyramid, :leg, :purpose, :symbol, :side, :type, :qty, :price, 'PENDING', :sentAt)
            on conflict (client_order_id) do nothing""", (batch, order) -> batch
            .bind("sentAt", order.sentAt)
            .bind("id", order.request.clientOrderId())
            .bind("venue", order.venue)
            .bind("group", order.groupId)
            .bind("pyramid", order.pyramid)
            .bind("leg", order.leg)
            .bind("purpose", order.purpose.name())
            .bind("symbol", order.request.symbol())
            .bind("side", order.request.side().name())
            .bind("type", order.request.type().name())
            .bind("qty", order.request.quantity())
            .bind("price", order.request.price()));

    private static final BatchWriter.Kind<OrderReport, Void> REPORTS = BatchWriter.statement(1, """
            update orders set status = :status, venue_order_id = :venueId, executed_qty = :executed, updated_at = now()
            where client_order_id = :id""", (batch, report) -> batch
            .bind("status", report.status().name())
            .bind("venueId", report.venueOrderId())
            .bind("executed", report.executedQuantity() == null ? BigDecimal.ZERO : report.executedQuantity())
            .bind("id", report.clientOrderId()));

    private static final BatchWriter.Kind<OrderFailure, Void> FAILURES = BatchWriter.statement(1,
            "update orders set status = 'REJECTED', error = :error, updated_at = now() where client_order_id = :id",
            (batch, failure) -> batch.bind("error", failure.error()).bind("id", failure.clientOrderId()));

    private static final BatchWriter.Kind<OrderFill, Void> FILLS = BatchWriter.statement(2, """
            insert into fills (client_order_id, trade_id, price, quantity, commission, commission_asset, filled_at)
            select :id, :trade, :price, :qty, :commission, :asset, :at
            where exists (select 1 from orders where client_order_id = :id)
            on conflict do nothing""", (batch, f) -> batch
            .bind("id", f.clientOrderId())
            .bind("trade", f.fill().tradeId())
            .bind("price", f.fill().price())
            .bind("qty", f.fill().quantity())
            .bind("commission", f.fill().commission())
            .bind("asset", f.fill().commissionAsset())
            .bind("at", f.fill().time()));

    private static final BatchWriter.Kind<GroupView, Void> GROUPS = BatchWriter.statement(3, """
            insert into position_groups (id, exchange, symbol, pair_key, timeframe, side, status, opened_at, closed_at,
                close_reason, realized_pnl, snapshot, updated_at)
            values (:id, :exchange, :symbol, :pair, :tf, :side, :status, :opened, :closed, :reason, :pnl,
                cast(:snapshot as jsonb), now())
            on conflict (id) do update set status = excluded.status, closed_at = excluded.closed_at,
                close_reason = excluded.close_reason, realized_pnl = excluded.realized_pnl,
                snapshot = excluded.snapshot, updated_at = now()""", (batch, group) -> batch
            .bind("id", group.id())
            .bind("exchange", group.exchange())
            .bind("symbol", group.symbol())
            .bind("pair", group.pairKey())
            .bind("tf", group.timeframe())
            .bind("side", group.side())
            .bind("status", group.status())
            .bind("opened", group.openedAt())
            .bind("closed", group.closedAt())
            .bind("reason", group.closeReason())
            .bind("pnl", group.realizedPnl())
            .bind("snapshot", Json.MAPPER.writeValueAsString(group)));

    /** A page of closed groups from the history, newest closed first (or by {@code sort}). */
    record History(List<GroupView> groups, long total) {}

    private static final java.util.Map<String, String> SORTS = java.util.Map.of("closedAt", "closed_at", "openedAt", "opened_at",
            "realizedPnl", "realized_pnl", "symbol", "symbol", "id", "id");

    History closedGroups(String symbol, java.time.Instant from, java.time.Instant to, String sort, boolean ascending, int limit, int offset) {
        String column = SORTS.getOrDefault(sort == null ? "closedAt" : sort, "closed_at");
        String where = " where status = 'closed'" + (symbol == null ? "" : " and (symbol = :symbol or pair_key = :symbol)")
                + (from == null ? "" : " and closed_at >= :from") + (to == null ? "" : " and closed_at <= :to");
        return jdbi.withHandle(h -> {
            var pageQuery = h.createQuery("select snapshot::text from position_groups" + where + " order by " + column
                    + (ascending ? " asc" : " desc") + ", id desc limit :limit offset :offset").bind("limit", limit).bind("offset", offset);
            var countQuery = h.createQuery("select count(*) from position_groups" + where);
            for (var query : List.of(pageQuery, countQuery)) {
                if (symbol != null) {
                    query.bind("symbol", symbol);
                }
                if (from != null) {
                    query.bind("from", from);
                }
                if (to != null) {
                    query.bind("to", to);
                }
            }
            var page = pageQuery.mapTo(String.class).map(text -> Json.MAPPER.readValue(text, GroupView.class)).list();
            return new History(page, countQuery.mapTo(Long.class).one());
        });
    }

    /** Any group ever opened, as its last snapshot says. */
    java.util.Optional<GroupView> groupSnapshot(long id) {
        return jdbi.withHandle(h -> h.createQuery("select snapshot::text from position_groups where id = :id").bind("id", id)
                .mapTo(String.class).map(text -> Json.MAPPER.readValue(text, GroupView.class)).findOne());
    }

    List<GroupView> openGroups() {
        return jdbi.withHandle(h -> h.createQuery("select snapshot::text from position_groups where status <> 'closed' order by id")
                .mapTo(String.class)
                .map(text -> Json.MAPPER.readValue(text, GroupView.class))
                .list());
    }

    private static final String TRACKED_COLUMNS = """
            select client_order_id, venue, group_id, pyramid, leg, purpose, symbol, side, order_type, quantity, price, created_at
            from orders""";

    /** Orders not known to be finished, to reconcile with their venues after a restart. */
    List<TrackedOrder> workingOrders() {
        return jdbi.withHandle(h -> h.createQuery(TRACKED_COLUMNS + " where status in ('PENDING', 'NEW', 'PARTIALLY_FILLED') order by created_at")
                .map((rs, ctx) -> tracked(rs))
                .list());
    }

    /** An order's journal row, whatever its status; empty when its intent was never recorded (it never left). */
    java.util.Optional<TrackedOrder> recordedOrder(String clientOrderId) {
        return jdbi.withHandle(h -> h.createQuery(TRACKED_COLUMNS + " where client_order_id = :id")
                .bind("id", clientOrderId)
                .map((rs, ctx) -> tracked(rs))
                .findOne());
    }

    private static TrackedOrder tracked(java.sql.ResultSet rs) throws java.sql.SQLException {
        TrackedOrder order = new TrackedOrder(rs.getString("venue"), rs.getLong("group_id"), rs.getInt("pyramid"),
                rs.getInt("leg"), OrderPurpose.valueOf(rs.getString("purpose")),
                new dev.pyra.api.exchange.OrderRequest(rs.getString("client_order_id"), rs.getString("symbol"),
                        Side.valueOf(rs.getString("side")), OrderType.valueOf(rs.getString("order_type")),
                        rs.getBigDecimal("quantity"), rs.getBigDecimal("price")));
        order.sentAt = rs.getTimestamp("created_at").toInstant();
        return order;
    }

    /** Newest first, each with its fills; only one group's when {@code groupId} is given. */
    List<OrderRecord> orders(Long groupId, int limit) {
        return jdbi.withHandle(h -> {
            List<OrderRecord> orders = h.createQuery("select * from orders" + (groupId == null ? "" : " where group_id = :group")
                            + " order by created_at desc, client_order_id desc limit :limit")
                    .bind("group", groupId)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new OrderRecord(rs.getString("client_order_id"), rs.getString("venue"), rs.getLong("group_id"),
                            rs.getInt("pyramid"), rs.getInt("leg"), rs.getString("purpose").toLowerCase(), rs.getString("symbol"),
                            rs.getString("side").toLowerCase(), rs.getString("order_type").toLowerCase(), rs.getBigDecimal("quantity"),
                            rs.getBigDecimal("price"), rs.getString("status").toLowerCase(), rs.getString("venue_order_id"),
                            rs.getBigDecimal("executed_qty"), rs.getString("error"),
                            rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                            rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant(), new java.util.ArrayList<>()))
                    .list();
            for (OrderRecord order : orders) {
                order.fills().addAll(h.createQuery("""
                                select trade_id, price, quantity, commission, commission_asset, filled_at from fills
                                where client_order_id = :id order by filled_at, trade_id""")
                        .bind("id", order.clientOrderId())
                        .map((rs, ctx) -> new OrderRecord.FillRecord(rs.getString("trade_id"), rs.getBigDecimal("price"),
                                rs.getBigDecimal("quantity"), rs.getBigDecimal("commission"), rs.getString("commission_asset"),
                                rs.getObject("filled_at", java.time.OffsetDateTime.class).toInstant()))
                        .list());
            }
            return orders;
        });
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    void flush() {
        writer.flush();
    }

    /** Drops what is not written yet, as a crash would. */
    void halt() {
        writer.halt();
    }

    /** Writes what is queued; the writer itself is closed by its owner, the signal log. */
    @Override
    public void close() {
        writer.flush();
    }
}
