package dev.pyra.web;

import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.Pyra;
import dev.pyra.core.config.InvalidConfigException;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.health.Health;
import dev.pyra.core.signal.SignalRecord;
import dev.pyra.core.venue.Venue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1}: thin handlers over the {@link Pyra} facade. */
final class ApiRoutes {
    private static final String V1 = "/api/v1";

    private final Pyra pyra;

    ApiRoutes(Pyra pyra) {
        this.pyra = pyra;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/health", this::health);
        routes.get(V1 + "/signals", this::signals);
        routes.post(V1 + "/signals/{id}/replay", this::replay);
        routes.get(V1 + "/signals/{id}", this::signal);
        routes.get(V1 + "/config", ctx -> ctx.json(pyra.config().redacted()));
        routes.get(V1 + "/venues", this::venues);
        routes.get(V1 + "/venues/{venue}/balances", ctx -> ctx.json(Map.of("balances", venue(ctx).connector().balances())));
        routes.get(V1 + "/venues/{venue}/symbols", ctx -> ctx.json(Map.of("symbols", venue(ctx).connector().symbolRules())));
        routes.post(V1 + "/paper/ticks", this::paperTicks);
        routes.post(V1 + "/precision/check", ctx -> ctx.json(pyra.checkPrecision(Json.MAPPER.readTree(ctx.body()))));
        routes.get(V1 + "/groups", this::groups);
        routes.get(V1 + "/groups/{id}", ctx -> ctx.json(pyra.trading().group(groupId(ctx)).orElseThrow(() -> notFound(ctx))));
        routes.get(V1 + "/groups/{id}/timeline", ctx -> {
            long id = groupId(ctx);
            pyra.trading().group(id).orElseThrow(() -> notFound(ctx));
            ctx.json(Map.of("events", pyra.timeline(id)));
        });
        routes.post(V1 + "/groups/{id}/close", this::closeGroup);
        routes.post(V1 + "/groups/{id}/partial-close", this::partialClose);
        routes.get(V1 + "/orders", this::orders);
        routes.get(V1 + "/pool", ctx -> ctx.json(pyra.trading().pool()));
        routes.get(V1 + "/risk", ctx -> ctx.json(pyra.risk()));
    }

    private void health(Context ctx) {
        Health health = pyra.health();
        ctx.status("down".equals(health.status()) ? 503 : 200).json(health);
    }

    private void signals(Context ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        String before = ctx.queryParam("before");
        Long beforeId = before == null ? null : (long) intParam(ctx, "before", 0, 1, Integer.MAX_VALUE);
        List<SignalRecord> page = pyra.signals(limit, beforeId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signals", page);
        body.put("next", page.size() == limit ? page.getLast().id() : null);
        ctx.json(body);
    }

    /** One stored signal with the body it arrived with (its secret masked). */
    private void signal(Context ctx) {
        long id = signalId(ctx);
        var record = pyra.signal(id).orElseThrow(() -> new io.javalin.http.NotFoundResponse("no signal " + id));
        ctx.json(record);
    }

    private static long signalId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new BadRequestException("id", "not a signal id: '" + ctx.pathParam("id") + "'");
        }
    }

    /**
     * A stored signal through the webhook's validation and deduplication again; answered as the
     * webhook would. {@code ?dryRun=true}: what it would meet now, and its body, without replaying.
     */
    private void replay(Context ctx) {
        long id = signalId(ctx);
        if ("true".equals(ctx.queryParam("dryRun"))) {
            ctx.json(pyra.webhook().checkReplay(id).orElseThrow(() -> new io.javalin.http.NotFoundResponse("no signal " + id)));
            return;
        }
        AccessPolicy.Caller caller = ctx.attribute(AccessPolicy.CALLER);
        var answer = pyra.webhook().replay(id, caller == null ? "api" : caller.kind())
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse("no signal " + id));
        ctx.status(answer.status()).json(answer.body());
    }

    /**
     * {@code ?status=open|closed|all&symbol=&from=&to=&sort=closedAt|openedAt|realizedPnl|symbol&order=desc|asc&limit=100&offset=0}:
     * the open groups (live, from the engine) and a page of the closed history (from the database).
     */
    private void groups(Context ctx) {
        String status = ctx.queryParam("status") == null ? "all" : ctx.queryParam("status");
        if (!List.of("open", "closed", "all").contains(status)) {
            throw new BadRequestException("status", "one of open, closed, all");
        }
        String sort = ctx.queryParam("sort");
        if (sort != null && !List.of("closedAt", "openedAt", "realizedPnl", "symbol", "id").contains(sort)) {
            throw new BadRequestException("sort", "one of closedAt, openedAt, realizedPnl, symbol, id");
        }
        String order = ctx.queryParam("order") == null ? "desc" : ctx.queryParam("order");
        if (!List.of("asc", "desc").contains(order)) {
            throw new BadRequestException("order", "asc or desc");
        }
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String symbol = ctx.queryParam("symbol") == null || ctx.queryParam("symbol").isBlank() ? null
                : dev.pyra.core.venue.SymbolNames.pairKey(ctx.queryParam("symbol"));
        var list = pyra.trading().groups(status, symbol, instant(ctx, "from"), instant(ctx, "to"), sort, order.equals("asc"), limit, offset);
        List<dev.pyra.core.trading.GroupView> all = new java.util.ArrayList<>(list.open());
        all.addAll(list.closed());
        if (status.equals("all")) {
            all.sort(java.util.Comparator.comparingLong(dev.pyra.core.trading.GroupView::id)); // every group, oldest first
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groups", all);
        body.put("open", list.open().size());
        body.put("closedTotal", list.closedTotal());
        body.put("limit", limit);
        body.put("offset", offset);
        ctx.json(body);
    }

    /** An ISO-8601 query parameter, or null when absent; a clear 400 otherwise. */
    static java.time.Instant instant(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException(name, "not an ISO-8601 instant such as 2026-12-03T10:15:30Z: '" + raw + "'");
        }
    }

    private void venues(Context ctx) {
        Health health = pyra.health();
        List<Map<String, Object>> list = pyra.venues().all().stream().map(v -> {
            ExchangeConnector connector = v.connector();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", v.id());
            entry.put("status", health.venues().get(v.id()).status());
            entry.put("symbols", v.symbolCount());
            entry.put("capabilities", connector.capabilities());
            entry.put("simulated", v.simulatedMarket().isPresent());
            entry.put("network", v.simulatedMarket().isPresent() ? "simulated" : v.network());
            entry.put("error", v.error());
            entry.put("condition", v.condition());
            entry.put("rulesLoadedAt", v.rulesLoadedAt());
            entry.put("calls", v.callStats());
            return entry;
        }).toList();
        ctx.json(Map.of("venues", list, "problems", pyra.venues().problems()));
    }

    private void paperTicks(Context ctx) {
        String exchange = ctx.queryParam("exchange") == null ? "paper" : ctx.queryParam("exchange");
        int applied = pyra.applyPaperTicks(exchange, Json.MAPPER.readTree(ctx.body()));
        ctx.json(Map.of("applied", applied));
    }

    private void orders(Context ctx) {
        int limit = intParam(ctx, "limit", 200, 1, 5000);
        Long group = ctx.queryParam("groupId") == null ? null : (long) intParam(ctx, "groupId", 0, 1, Integer.MAX_VALUE);
        ctx.json(Map.of("orders", pyra.trading().orders(group, limit)));
    }

    private void closeGroup(Context ctx) {
        String result = pyra.trading().close(groupId(ctx)).orElseThrow(() -> notFound(ctx));
        ctx.status(202).json(Map.of("result", result));
    }

    /** {@code {"quoteAmount": "25"}}: sells about that much of the group at market; the group stays open. */
    private void partialClose(Context ctx) {
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        JsonNode amount = body == null ? null : body.get("quoteAmount");
        String raw = amount == null || amount.isNull() ? "" : amount.isNumber() ? amount.decimalValue().toPlainString() : amount.asString().trim();
        if (!raw.matches("^[0-9]+(\\.[0-9]+)?$") || new java.math.BigDecimal(raw).signum() <= 0) {
            throw new BadRequestException("quoteAmount", "not a positive decimal number: '" + raw + "'");
        }
        var result = pyra.trading().partialClose(groupId(ctx), new java.math.BigDecimal(raw)).orElseThrow(() -> notFound(ctx));
        ctx.status(result.accepted() ? 202 : 409).json(result.accepted() ? Map.of("result", result.result()) : ApiServer.error(result.result(), null));
    }

    private static long groupId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new BadRequestException("id", "not a group id: '" + ctx.pathParam("id") + "'");
        }
    }

    private static io.javalin.http.NotFoundResponse notFound(Context ctx) {
        return new io.javalin.http.NotFoundResponse("no position group " + ctx.pathParam("id"));
    }

    private Venue venue(Context ctx) {
        String id = ctx.pathParam("venue");
        return pyra.venues().get(id).orElseThrow(() -> new BadRequestException("venue", "unknown exchange '" + id + "'"));
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new BadRequestException(name, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, "not a whole number: '" + raw + "'");
        }
    }
}
