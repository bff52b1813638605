package dev.pyra.web;

import dev.pyra.core.Pyra;
import dev.pyra.core.stats.Statistics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/stats?from=&to=&exchange=&symbol=&tz=}: every figure the dashboard shows;
 * {@code GET /api/v1/stats/equity.csv}: the equity curve as drawn. docs/dashboard.md has the formulas.
 */
final class StatsRoutes {
    private static final String V1 = "/api/v1";
    private final Pyra pyra;

    StatsRoutes(Pyra pyra) {
        this.pyra = pyra;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/stats", ctx -> ctx.json(pyra.statistics().stats(query(ctx))));
        routes.get(V1 + "/stats/equity.csv", ctx -> {
            ctx.header("Content-Disposition", "attachment; filename=\"pyra-equity.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(pyra.statistics().equityCsv(query(ctx)));
        });
    }

    private static Statistics.Query query(Context ctx) {
        return new Statistics.Query(ApiRoutes.instant(ctx, "from"), ApiRoutes.instant(ctx, "to"), ctx.queryParam("exchange"),
                ctx.queryParam("symbol"), ctx.queryParam("tz"));
    }
}
