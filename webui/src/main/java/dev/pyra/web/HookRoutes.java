package dev.pyra.web;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.Pyra;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.HookStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/hooks}: the user's JavaScript hooks — each with its source, state and failures;
 * saving a new version (checked before it replaces the one in force), switching one on or off,
 * and the dry run that shows what it would answer and what Pyra would then decide.
 */
final class HookRoutes {
    private static final String V1 = "/api/v1";
    private final Pyra pyra;

    HookRoutes(Pyra pyra) {
        this.pyra = pyra;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/hooks", ctx -> ctx.json(Map.of("hooks", pyra.hooks().statuses(), "enabled", pyra.config().config().hooks().enabled())));
        routes.get(V1 + "/hooks/{name}", ctx -> ctx.json(withSource(hook(ctx))));
        routes.put(V1 + "/hooks/{name}", this::save);
        routes.delete(V1 + "/hooks/{name}", ctx -> ctx.json(withSource(pyra.hooks().delete(hook(ctx)))));
        routes.post(V1 + "/hooks/{name}/enable", ctx -> ctx.json(withSource(pyra.hooks().switchOn(hook(ctx)))));
        routes.post(V1 + "/hooks/{name}/disable", ctx -> ctx.json(withSource(pyra.hooks().switchOff(hook(ctx)))));
        routes.post(V1 + "/hooks/{name}/dry-run", this::dryRun);
    }

    private static HookName hook(Context ctx) {
        String name = ctx.pathParam("name");
        return HookName.find(name.endsWith(".js") ? name.substring(0, name.length() - 3) : name)
                .orElseThrow(() -> new NotFoundResponse("no hook '" + name + "' (hooks: " + Arrays.toString(HookName.values()) + ")"));
    }

    private Map<String, Object> withSource(HookName name) {
        return withSource(pyra.hooks().status(name));
    }

    private Map<String, Object> withSource(HookStatus status) {
        HookName name = HookName.valueOf(status.name());
        Map<String, Object> body = new LinkedHashMap<>(Json.MAPPER.convertValue(status, Map.class));
        body.put("source", pyra.hooks().source(name).orElse(null));
        return body;
    }

    /** {@code {"source": "function filterSignal(signal, context) { … }"}}: refused with the reason when it cannot run. */
    private void save(Context ctx) {
        HookName name = hook(ctx);
        JsonNode body = body(ctx);
        JsonNode source = body.path("source");
        if (!source.isString() || source.asString().isBlank()) {
            throw new BadRequestException("source", "the hook's JavaScript, as a string (to remove the hook, DELETE it)");
        }
        ctx.json(withSource(pyra.hooks().save(name, source.asString())));
    }

    private void dryRun(Context ctx) {
        HookName name = hook(ctx);
        ctx.json(pyra.dryRunHook(name, ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : body(ctx)));
    }

    private static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (RuntimeException e) {
            throw new BadRequestException("body", "not valid JSON");
        }
        if (!body.isObject()) {
            throw new BadRequestException("body", "must be a JSON object");
        }
        return body;
    }
}
