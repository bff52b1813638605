package dev.pyra.web;

import dev.pyra.api.PyraApi;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.javalin.websocket.WsHandlerEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/openapi.json}: the API as the running server has it — every route read from
 * the router (so none is missing and none is invented), each with its sentence from
 * {@link ApiDescriptions}, its path and query parameters, who may call it, and Pyra's error shape.
 * OpenAPI 3.1.
 */
final class OpenApi {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");

    private OpenApi() {}

    /** "METHOD /path" of every API route the server serves (the webhook port's one included), sorted. */
    static List<String> routes(Javalin app) {
        TreeSet<String> routes = new TreeSet<>();
        for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            if (parsed.endpoint.method.isHttpMethod() && parsed.endpoint.path.startsWith("/api/")) {
                routes.add(parsed.endpoint.method.name().toUpperCase(Locale.ROOT) + " " + parsed.endpoint.path);
            }
        }
        for (WsHandlerEntry ws : app.unsafe.internalRouter.allWsHandlers()) {
            if (ws.getPath().startsWith("/api/")) {
                routes.add("GET " + ws.getPath());
            }
        }
        routes.add("GET /api/v1/openapi.json");
        routes.add("POST /webhook"); // the webhook listener's only route, on its own port
        return List.copyOf(routes);
    }

    static Map<String, Object> document(Javalin app) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (String route : routes(app)) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, p -> new LinkedHashMap<>());
            if (path.equals("/webhook")) {
                item.put("servers", List.of(Map.of("url", "http://127.0.0.1:8081", "description", "the webhook port (--webhook-port)")));
            }
            item.put(method.toLowerCase(Locale.ROOT), operation(route, method, path));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Pyra API", "version", PyraApi.VERSION,
                "description", "The REST API of Pyra, on the UI port (127.0.0.1:8080 by default). Every route but GET /api/v1/health "
                        + "needs a login session (cookie; state changes also send X-CSRF-Token) or Authorization: Bearer "
                        + "<PYRA_API_TOKEN>. Money and quantities are decimal strings. docs/api.md has the details and the changelog."));
        doc.put("servers", List.of(Map.of("url", "http://127.0.0.1:8080", "description", "the UI port (--ui-port)")));
        doc.put("paths", paths);
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put("session", Map.of("type", "apiKey", "in", "cookie", "name", "pyra_session"));
        schemes.put("token", Map.of("type", "http", "scheme", "bearer", "description", "PYRA_API_TOKEN, or a token generated in Settings"));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "object");
        error.put("properties", Map.of("error", Map.of("type", "string", "description", "what is wrong"),
                "field", Map.of("type", List.of("string", "null"), "description", "the field it is about")));
        error.put("required", List.of("error"));
        doc.put("components", Map.of("securitySchemes", schemes, "schemas", Map.of("Error", error)));
        doc.put("security", List.of(Map.of("session", List.of()), Map.of("token", List.of())));
        return doc;
    }

    private static Map<String, Object> operation(String route, String method, String path) {
        ApiDescriptions.Description described = ApiDescriptions.ROUTES.get(route);
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", operationId(method, path));
        operation.put("summary", described == null ? "(not described)" : described.summary());
        if (described != null && described.description() != null) {
            operation.put("description", described.description());
        }
        operation.put("tags", List.of(tag(path)));
        List<Object> parameters = new ArrayList<>();
        Matcher matcher = PATH_PARAM.matcher(path);
        while (matcher.find()) {
            parameters.add(Map.of("name", matcher.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if (described != null) {
            described.query().forEach((name, what) -> parameters.add(Map.of("name", name, "in", "query", "required", false,
                    "description", what, "schema", Map.of("type", "string"))));
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (described != null && described.body()) {
            operation.put("requestBody", Map.of("required", true, "content", Map.of("application/json",
                    Map.of("schema", Map.of("type", List.of("object", "array"))))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        String ok = route.equals("POST /webhook") ? "202" : route.equals("GET /api/v1/stream") ? "101" : "200";
        responses.put(ok, Map.of("description", ok.equals("101") ? "switching to the WebSocket" : "done",
                "content", Map.of("application/json", Map.of("schema", Map.of()))));
        Map<String, Object> errorContent = Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error")));
        responses.put("4XX", Map.of("description", "refused: the body names why (docs/troubleshooting.md lists every answer)",
                "content", errorContent));
        operation.put("responses", responses);
        if (ApiDescriptions.OPEN.contains(route)) {
            operation.put("security", List.of());
        }
        return operation;
    }

    private static String tag(String path) {
        String[] parts = path.split("/");
        return path.equals("/webhook") ? "webhook" : parts.length > 3 ? parts[3] : "api";
    }

    private static String operationId(String method, String path) {
        StringBuilder id = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String part : path.replace("/api/v1", "").split("[/.{}-]")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
