package dev.pyra.web;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.Pyra;
import dev.pyra.core.config.InvalidConfigException;
import dev.pyra.core.settings.Settings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The settings page's routes: the schema (with the installed plugins' choices), review and
 * preview of a candidate, saving it, restarting on it, backup and restore, and what runs where.
 */
final class SettingsRoutes {
    private static final String V1 = "/api/v1";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    private final Pyra pyra;
    private final ApiServer.Host host;

    SettingsRoutes(Pyra pyra, ApiServer.Host host) {
        this.pyra = pyra;
        this.host = host;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/config/schema", this::schema);
        routes.put(V1 + "/config", this::save);
        routes.post(V1 + "/config/preview", this::preview);
        routes.post(V1 + "/config/apply", this::apply);
        routes.get(V1 + "/config/backup", ctx -> backup(ctx, Optional.empty()));
        routes.post(V1 + "/config/backup", this::encryptedBackup);
        routes.post(V1 + "/config/restore", this::restore);
        routes.get(V1 + "/system", ctx -> ctx.json(pyra.system()));
        routes.get(V1 + "/extensions", ctx -> ctx.json(pyra.extensions()));
    }

    /** The config schema, with the ids the installed plugins provide as the choices of the fields that name one. */
    private void schema(Context ctx) {
        ObjectNode schema = (ObjectNode) Json.MAPPER.readTree(pyra.config().schema().text());
        Map<String, java.util.List<Pyra.Extension>> installed = pyra.extensions();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        choices(properties.path("engine").path("properties").path("takeProfit").path("properties").path("mode"), installed.get("takeProfitModes"));
        choices(properties.path("pool").path("properties").path("priorityRules").path("items"), installed.get("queuePriorityRules"));
        choices(properties.path("risk").path("properties").path("selector"), installed.get("riskSelectors"));
        ctx.contentType("application/schema+json; charset=utf-8").result(Json.MAPPER.writeValueAsBytes(schema)); // bytes: Jetty would encode a String as ISO-8859-1
    }

    /** {@code x-choices}: hints for the forms (the server still checks every id against what is installed). */
    private static void choices(JsonNode field, java.util.List<Pyra.Extension> extensions) {
        if (field instanceof ObjectNode object && extensions != null) {
            ArrayNode list = object.putArray("x-choices");
            extensions.forEach(e -> list.addObject().put("id", e.id()).put("plugin", e.plugin()));
        }
    }

    /** {@code PUT /config}: the whole config; every error or nothing saved. Answers each change and when it applies. */
    private void save(Context ctx) {
        JsonNode incoming = Json.MAPPER.readTree(ctx.body());
        Settings.Saved saved;
        try {
            saved = pyra.settings().save(incoming, "PUT /api/v1/config by " + caller(ctx));
        } catch (InvalidConfigException e) {
            invalid(ctx, e);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("config", pyra.config().redacted());
        body.put("changes", saved.changes());
        body.put("restartRequired", saved.restartRequired());
        body.put("pending", saved.pending());
        ctx.json(body);
    }

    /**
     * {@code {"config": {...}, "sample": {"exchange","symbol","price"}}}: the candidate's errors and
     * changes, its DCA ladder on the sample, and what its pool and risk settings make of today's
     * open groups. Nothing is saved.
     */
    private void preview(Context ctx) {
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        if (body == null || !body.isObject() || !body.has("config")) {
            throw new BadRequestException("config", "missing: send {\"config\": {...}, \"sample\": {...}}");
        }
        ctx.json(pyra.settings().preview(body.get("config"), Settings.sample(body.get("sample"))));
    }

    /** Restarts the engine on the saved config; the answer comes first, the stream then says {@code engine.restarting}. */
    private void apply(Context ctx) {
        if (host == null) {
            ctx.status(501).json(ApiServer.error("this server cannot restart its engine", null));
            return;
        }
        String why = "asked by " + caller(ctx);
        pyra.feed().publish("engine.restarting", Map.of("reason", why, "expectedSeconds", 15));
        host.restart(why);
        ctx.status(202).json(Map.of("result", "restarting on the saved config", "expectedSeconds", 15));
    }

    /** {@code {"passphrase"}}: the backup with every secret sealed under it (12 characters or more). */
    private void encryptedBackup(Context ctx) {
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        String passphrase = body == null ? "" : body.path("passphrase").asString("");
        if (passphrase.isEmpty()) {
            backup(ctx, Optional.empty());
            return;
        }
        if (passphrase.length() < 12) {
            throw new BadRequestException("passphrase", "must have at least 12 characters (it alone protects the keys in the file)");
        }
        backup(ctx, Optional.of(passphrase.toCharArray()));
    }

    private void backup(Context ctx, Optional<char[]> passphrase) {
        JsonNode backup = pyra.settings().backup(passphrase);
        ctx.header("Content-Disposition", "attachment; filename=\"pyra-config-" + STAMP.format(java.time.Instant.now()) + ".json\"");
        ctx.contentType("application/json; charset=utf-8").result(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(backup));
    }

    /**
     * {@code {"backup": {...}, "passphrase": "…"}}, or a config document itself; {@code ?dryRun=true}
     * answers what it would change, else it is restored (validated like {@code PUT /config}).
     */
    private void restore(Context ctx) {
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        if (body == null || !body.isObject()) {
            throw new BadRequestException("backup", "must be a JSON object: {\"backup\": {...}, \"passphrase\": \"…\"}");
        }
        JsonNode backup = body.has("backup") ? body.get("backup") : body;
        Optional<char[]> passphrase = Optional.of(body.path("passphrase").asString("")).filter(p -> !p.isEmpty()).map(String::toCharArray);
        if ("true".equals(ctx.queryParam("dryRun"))) {
            ctx.json(pyra.settings().reviewRestore(backup, passphrase));
            return;
        }
        Settings.Saved saved;
        try {
            saved = pyra.settings().restore(backup, passphrase);
        } catch (InvalidConfigException e) {
            invalid(ctx, e);
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("config", pyra.config().redacted());
        answer.put("changes", saved.changes());
        answer.put("restartRequired", saved.restartRequired());
        answer.put("pending", saved.pending());
        ctx.json(answer);
    }

    private static void invalid(Context ctx, InvalidConfigException e) {
        Map<String, Object> body = ApiServer.error("invalid config: nothing was changed", null);
        body.put("errors", e.errors());
        ctx.status(400).json(body);
    }

    private static String caller(Context ctx) {
        AccessPolicy.Caller caller = ctx.attribute(AccessPolicy.CALLER);
        return (caller == null ? "api" : caller.kind()) + " from " + ctx.ip();
    }
}
