package dev.pyra.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sentence for each route of the API, and its query parameters: what {@link OpenApi} adds to
 * the routes it reads from the running server. A route without one shows as undescribed (and the
 * docs test fails); a description without a route is an error too: the two cannot drift.
 */
final class ApiDescriptions {
    /** @param query name → what it does */
    record Description(String summary, String description, Map<String, String> query, boolean body) {}

    static final Map<String, Description> ROUTES = new LinkedHashMap<>();

    private static void route(String method, String path, String summary, String description, boolean body, String... query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < query.length; i += 2) {
            params.put(query[i], query[i + 1]);
        }
        ROUTES.put(method + " " + path, new Description(summary, description, params, body));
    }

    private static void route(String method, String path, String summary) {
        route(method, path, summary, null, false);
    }

    static {
        String v1 = "/api/v1";
        route("GET", v1 + "/health", "Health", "up, degraded or down, with the database, plugins, venues, engine and hooks; 503 when the "
                + "database is down. The only route that needs no session or token.", false);
        route("GET", v1 + "/session", "The session: the CSRF token of a logged-in browser, else whether a first password is needed");
        route("POST", v1 + "/session", "Log in with the password: sets the HttpOnly session cookie", null, true);
        route("DELETE", v1 + "/session", "Log out");
        route("POST", v1 + "/session/password", "Change the login password (the current one confirms it)", null, true);
        route("POST", v1 + "/setup", "Set the first password, from this machine only, once", null, true);
        route("POST", v1 + "/tokens", "Generate the API token for scripts (shown once)");
        route("DELETE", v1 + "/tokens", "Revoke the generated API token");
        route("GET", v1 + "/stream", "The live stream (WebSocket): hello, then typed events and a heartbeat at least every 5 s",
                "Upgrade to a WebSocket. Every message is {seq, type, at, data}; seq increases by one per connection, so a gap means "
                        + "re-read the REST snapshot.", false);

        route("GET", v1 + "/signals", "Stored signals, newest first, with their outcome", null, false,
                "limit", "at most this many (1–1000, default 100)", "before", "only signals older than this id (a page's next)");
        route("GET", v1 + "/signals/{id}", "One stored signal with the body it arrived with (its secret masked)");
        route("POST", v1 + "/signals/{id}/replay", "Send a stored signal through the webhook's validation again", null, false,
                "dryRun", "true: only say what it would meet now, and show its body");
        route("GET", v1 + "/groups", "The open position groups and a page of the closed history", null, false,
                "status", "open, closed or all (default)", "symbol", "only this pair", "from", "closed at or after (ISO-8601)",
                "to", "closed before (ISO-8601)", "sort", "closedAt, openedAt, realizedPnl, symbol or id", "order", "asc or desc",
                "limit", "closed groups per page (1–1000)", "offset", "closed groups to skip");
        route("GET", v1 + "/groups/{id}", "One group: its pyramids and DCA legs (fill price, weight, take-profit target, state)");
        route("GET", v1 + "/groups/{id}/timeline", "A group's signals, orders, fills and logged decisions, in order");
        route("POST", v1 + "/groups/{id}/close", "Close a group: unfilled legs cancelled, the rest sold at market");
        route("POST", v1 + "/groups/{id}/partial-close", "Sell about {quoteAmount} of a group at market; it stays open", null, true);
        route("GET", v1 + "/orders", "The trade history: orders with their fills, newest first", null, false,
                "groupId", "only this group's", "limit", "at most this many");
        route("GET", v1 + "/pool", "The execution pool: its limit, the active groups, the ranked waiting queue with each rule's value");
        route("GET", v1 + "/risk", "The risk panel: losing groups with their conditions and timers, the guardrail, past offsets");
        route("GET", v1 + "/stats", "Everything the dashboard shows, for a range", null, false,
                "from", "start (ISO-8601, inclusive)", "to", "end (ISO-8601, exclusive)", "exchange", "only this venue",
                "symbol", "only this pair", "tz", "the time zone of days and the heatmap (e.g. Europe/Berlin)");
        route("GET", v1 + "/stats/equity.csv", "The equity curve as CSV", null, false, "from", "start", "to", "end");

        route("GET", v1 + "/config", "The config in force (secrets masked)");
        route("PUT", v1 + "/config", "Replace the config: validated against the schema; refused whole with every error", null, true);
        route("GET", v1 + "/config/schema", "The config's JSON Schema (titles, descriptions, ranges; x-choices = installed ids)");
        route("POST", v1 + "/config/preview", "Check a draft config and preview its ladder, pool and risk, saving nothing", null, true);
        route("POST", v1 + "/config/apply", "Restart the engine on the saved config (the answer first)");
        route("GET", v1 + "/config/backup", "Download the config as a backup file (keys left out)");
        route("POST", v1 + "/config/backup", "Download the config with its keys sealed under a passphrase", null, true);
        route("POST", v1 + "/config/restore", "Restore a backup: checked like PUT /config", null, true,
                "dryRun", "true: only the diff and the check");
        route("GET", v1 + "/keys", "Exchange keys and the webhook's secrets, masked, with when each was set");
        route("PUT", v1 + "/keys/{owner}", "Store an exchange's keys (or the webhook's secret/HMAC key) encrypted", null, true);
        route("DELETE", v1 + "/keys/{owner}", "Remove an exchange's keys");
        route("POST", v1 + "/keys/passphrase", "Protect the key store with a passphrase (or go back to a key file)", null, true);

        route("GET", v1 + "/logs", "Log entries, newest first, filtered", null, false,
                "category", "system, webhook, order, precision, risk or error", "level", "the least important wanted (ERROR, WARN, INFO, DEBUG)",
                "from", "not before (ISO-8601)", "to", "not after (ISO-8601)", "q", "text in the message or a correlation id",
                "groupId", "about this group", "limit", "at most this many", "before", "a page's next cursor");
        route("GET", v1 + "/logs/export", "The same filter as a download", null, false, "format", "csv or json");

        route("GET", v1 + "/plugins", "Every plugin with its state and extensions, the venues, the extension points");
        route("POST", v1 + "/plugins", "Upload a plugin jar (multipart, part 'file'): checked, kept, loads switched off at the next start", null, true);
        route("POST", v1 + "/plugins/{id}/enable", "Switch a plugin on from the next start");
        route("POST", v1 + "/plugins/{id}/disable", "Switch a plugin off from the next start");
        route("DELETE", v1 + "/plugins/{id}", "Remove an uploaded plugin at the next start");
        route("GET", v1 + "/extensions", "The installed extensions by extension point (take-profit modes, queue rules, risk selectors, venues)");
        route("GET", v1 + "/system", "Version, build commit, directories, database, key store protection, Java runtime, update check (off)");

        route("GET", v1 + "/venues", "Each venue's status, network, rules' age, call latency and failures");
        route("GET", v1 + "/venues/{venue}/balances", "A venue's balances");
        route("GET", v1 + "/venues/{venue}/symbols", "A venue's symbol rules (tick, step, minimums)");
        route("POST", v1 + "/paper/ticks", "Move the paper market: [{symbol, price}]; resting paper orders fill when the price crosses them", null, true);
        route("POST", v1 + "/precision/check", "Fit an order to a venue's rules: price to tick, quantity to step, minimums", null, true);

        route("GET", v1 + "/webhook", "The webhook helper: URL, allowlist, HMAC, rate limit, alert message templates");
        route("POST", v1 + "/webhook/reveal", "Show the webhook secret (the login password confirms it)", null, true);
        route("POST", v1 + "/webhook/test", "Send a test signal through the webhook's own checks to the paper venue", null, true);

        route("GET", v1 + "/hooks", "The JS hooks with their state, calls and failures");
        route("GET", v1 + "/hooks/{name}", "One hook's state and source");
        route("PUT", v1 + "/hooks/{name}", "Save a hook's source: checked first, refused with the reason", null, true);
        route("DELETE", v1 + "/hooks/{name}", "Remove a hook: the built-in rule decides");
        route("POST", v1 + "/hooks/{name}/enable", "Switch a hook on");
        route("POST", v1 + "/hooks/{name}/disable", "Switch a hook off");
        route("POST", v1 + "/hooks/{name}/dry-run", "Run a hook (a draft or the saved one) on real or given inputs: its answer and what Pyra "
                + "would decide; decides nothing", null, true);
        route("GET", v1 + "/openapi.json", "This document: every route of the API, generated from the running server (OpenAPI 3.1)");

        route("POST", "/webhook", "A TradingView alert (on the webhook port, 8081 by default)", "JSON (application/json or text/plain): "
                + "secret, exchange, symbol, timeframe, action, type, price, id, time. Answers 202 {signalId, status, reason} within "
                + "milliseconds once stored; 400 naming the field, 401 for a bad secret, 403 outside the allowlist, 413 too large, "
                + "429 over the rate limit.", true);
    }

    /** Routes that take no session (the rest need a session cookie, or the bearer token). */
    static final List<String> OPEN = List.of("GET /api/v1/health", "GET /api/v1/session", "POST /api/v1/session", "POST /api/v1/setup",
            "POST /webhook");

    private ApiDescriptions() {}
}
