package dev.pyra.web;

import dev.pyra.core.signal.WebhookAnswer;
import dev.pyra.core.Json;
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

    public WebhookServer(WebhookIntake intake, String host, int port) {
        // Jetty gets a little headroom so an oversized body reaches our own 413 with a clear message
        this.app = HttpServers.create(host, port, WebhookIntake.MAX_BODY_BYTES + 1, config -> {
            config.routes.post("/webhook", ctx -> receive(intake, ctx));
            config.routes.error(404, ctx -> ctx.json(Map.of("error", "not found: webhooks go to POST /webhook")));
        });
    }

    private static void receive(WebhookIntake intake, Context ctx) throws IOException {
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
        WebhookAnswer answer = intake.receive(body, sourceAddress(ctx));
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

    /** The peer, and what a reverse proxy says the client was. */
    private static String sourceAddress(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-For");
        return forwarded == null || forwarded.isBlank() ? ctx.ip() : ctx.ip() + " (for " + forwarded.trim() + ")";
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
