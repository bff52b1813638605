package dev.pyra.web;

import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.core.BadRequestException;
import dev.pyra.core.Pyra;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/** The UI port: the browser app and the REST API under {@code /api/v1}. */
public final class ApiServer implements AutoCloseable {
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");
    private static final long MAX_REQUEST_BYTES = 1024 * 1024;

    private final Javalin app;
    private final StreamRoute stream;

    /** What the process around the API does for it: restart the engine, and say where webhooks arrive. */
    public interface Host {
        /** Restarts the engine on the saved config, after this answer went out; the UI listener comes back on its port. */
        void restart(String reason);

        /** The webhook URL as this machine serves it ({@code http://127.0.0.1:8081/webhook}). */
        String webhookUrl();

        /** Whether the webhook listener listens beyond loopback. */
        boolean webhookExposed();
    }

    private void openApi(io.javalin.http.Context ctx) {
        ctx.json(OpenApi.document(app));
    }

    /** Routes served without a description, and descriptions of routes not served: the docs test wants none. */
    public java.util.List<String> apiDescriptionDrift() {
        java.util.List<String> served = OpenApi.routes(app);
        java.util.List<String> drift = new java.util.ArrayList<>();
        served.stream().filter(r -> !ApiDescriptions.ROUTES.containsKey(r)).forEach(r -> drift.add("not described: " + r));
        ApiDescriptions.ROUTES.keySet().stream().filter(r -> !served.contains(r)).forEach(r -> drift.add("not served: " + r));
        return drift;
    }

    public ApiServer(Pyra pyra, String host, int port) {
        this(pyra, host, port, null);
    }

    public ApiServer(Pyra pyra, String host, int port, Host owner) {
        AccessPolicy access = new AccessPolicy(pyra.logins(), pyra.apiTokens()::matches, () -> pyra.config().config().security().allowedHosts(),
                importMapHash());
        ApiRoutes routes = new ApiRoutes(pyra);
        this.stream = new StreamRoute(pyra.feed(), access, pyra.logins(), java.time.Clock.systemUTC());
        this.app = HttpServers.create(host, port, MAX_REQUEST_BYTES, config -> {
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.jetty.multipartConfig.maxFileSize(65, io.javalin.config.SizeUnit.MB); // a plugin jar (checked again: 64 MB)
            config.jetty.multipartConfig.maxTotalRequestSize(66, io.javalin.config.SizeUnit.MB);
            config.staticFiles.enableWebjars();
            config.routes.before(access::check);
            stream.register(config.routes);
            routes.register(config.routes);
            new SessionRoutes(pyra.logins()).register(config.routes);
            new KeyRoutes(pyra).register(config.routes);
            new LogRoutes(pyra::logs).register(config.routes);
            new SettingsRoutes(pyra, owner).register(config.routes);
            new PluginRoutes(pyra).register(config.routes);
            new StatsRoutes(pyra).register(config.routes);
            new HookRoutes(pyra).register(config.routes);
            new WebhookRoutes(pyra, owner).register(config.routes);
            // the document is read from the router when asked: every route registered above is in it
            config.routes.get("/api/v1/openapi.json", this::openApi);
            config.routes.exception(BadRequestException.class, (e, ctx) ->
                    ctx.status(400).json(error(e.getMessage(), e.field())));
            config.routes.exception(JacksonException.class, (e, ctx) ->
                    ctx.status(400).json(error("body: not valid JSON: " + e.getOriginalMessage(), "body")));
            config.routes.exception(io.javalin.http.NotFoundResponse.class, (e, ctx) ->
                    ctx.status(404).json(error(e.getMessage(), null)));
            config.routes.exception(ExchangeException.class, (e, ctx) -> {
                Map<String, Object> body = error("exchange: " + e.venueMessage(), null);
                body.put("kind", e.kind().name());
                body.put("venueCode", e.venueCode());
                ctx.status(502).json(body);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                errors.error("API {} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(error("internal error: " + e.getClass().getSimpleName() + " (details in the error log)", null));
            });
            config.routes.error(404, ctx -> {
                if (ctx.path().startsWith("/api/")) {
                    ctx.json(error("not found: " + ctx.path(), null));
                }
            });
        });
    }

    static Map<String, Object> error(String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /** A fault drill: the live stream is cut for {@code duration} (every browser disconnected, reconnects refused). */
    public void cutStream(java.time.Duration duration) {
        stream.cut(duration);
    }

    /** The CSP hash of the page's import map, its only inline script. */
    static String importMapHash() {
        try (java.io.InputStream in = ApiServer.class.getResourceAsStream("/public/index.html")) {
            if (in == null) {
                return null;
            }
            String page = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<script type=\"importmap\">(.*?)</script>", java.util.regex.Pattern.DOTALL)
                    .matcher(page);
            if (!m.find()) {
                return null;
            }
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256-" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot read the web app's page: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stream.close();
        app.stop();
    }
}
