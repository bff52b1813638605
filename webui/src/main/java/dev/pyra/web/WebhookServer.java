package dev.pyra.web;

import dev.pyra.core.signal.WebhookAnswer;
import dev.pyra.core.Json;
import dev.pyra.core.signal.WebhookGuard;
import dev.pyra.core.signal.WebhookIntake;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code POST /webhook} on its own listener, so the webhook port can face the internet while the
 * UI and API stay on loopback. Accepts JSON sent as {@code application/json} or {@code text/plain}.
 */
public final class WebhookServer implements AutoCloseable {
    private final Javalin app;

    public WebhookServer(WebhookIntake intake, WebhookGuard guard, String host, int port) {
        // Jetty gets a little headroom so an oversized body reaches our own 413 with a clear message
        this.app = HttpServers.create(host, port, WebhookIntake.MAX_BODY_BYTES + 1, config -> {
            config.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Cache-Control", "no-store");
            });
            config.routes.post("/webhook", ctx -> receive(intake, guard, ctx));
            config.routes.error(404, ctx -> ctx.json(Map.of("error", "not found: this port serves only POST /webhook")));
            config.routes.error(405, ctx -> ctx.json(Map.of("error", "method not allowed: this port serves only POST /webhook")));
        });
    }

    private static void receive(WebhookIntake intake, WebhookGuard guard, Context ctx) throws IOException {
        long declared = ctx.contentLength();
        if (declared > WebhookIntake.MAX_BODY_BYTES) {
            discardRest(ctx.req().getInputStream());
            ctx.status(413).json(Map.of("error", "body too large: the limit is " + WebhookIntake.MAX_BODY_BYTES + " bytes"));
            return;
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = declared >= 0 ? readDeclared(in, (int) declared) : in.readNBytes(WebhookIntake.MAX_BODY_BYTES + 1);
            if (body.length > WebhookIntake.MAX_BODY_BYTES) {
                discardRest(in); // the intake answers 413
            }
        }
        String client = guard.client(ctx.ip(), ctx.header("X-Forwarded-For"));
        WebhookAnswer answer = guard.check(client, body, ctx.header(WebhookGuard.SIGNATURE_HEADER))
                .orElseGet(() -> intake.receive(body, client.equals(ctx.ip()) ? client : client + " (via " + ctx.ip() + ")"));
        if (answer.status() == 429 && answer.body().get("retryAfterSeconds") != null) {
            ctx.header("Retry-After", answer.body().get("retryAfterSeconds").toString());
        }
        // written straight to the response: Javalin's result stream would copy it through a new 8 KB buffer per request
        byte[] json = Json.MAPPER.writeValueAsBytes(answer.body());
        ctx.status(answer.status()).contentType("application/json");
        ctx.res().setContentLength(json.length);
        ctx.res().getOutputStream().write(json);
    }

    /** How much of an oversized body is read and dropped so its sender gets the 413; past it the connection closes. */
    private static final int DISCARD_LIMIT = 1024 * 1024;

    /**
     * Reads what is left of a refused body and drops it: a server that answers while the client
     * is still sending makes the client see a reset connection, not the 413 that says why.
     */
    private static void discardRest(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long left = DISCARD_LIMIT;
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= n;
        }
    }

    /** A body of the declared length (the server holds the client to it), read into an array of that size. */
    private static byte[] readDeclared(InputStream in, int declared) throws IOException {
        byte[] body = new byte[declared];
        int read = in.readNBytes(body, 0, declared);
        return read < declared ? java.util.Arrays.copyOf(body, read) : body;
    }

    public WebhookServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
