package dev.pyra.launcher;

import dev.pyra.core.Pyra;
import dev.pyra.core.PyraException;
import dev.pyra.core.PyraOptions;
import dev.pyra.web.ApiServer;
import dev.pyra.web.WebhookServer;

/** Pyra with its two HTTP listeners: what {@code bin/pyra} runs and what tests start on port 0. */
public final class PyraServer implements AutoCloseable {
    private final Pyra pyra;
    private Runnable detachFeed = () -> {};
    private ApiServer api;
    private WebhookServer webhook;

    private PyraServer(Pyra pyra) {
        this.pyra = pyra;
    }

    public static PyraServer start(PyraOptions options, int uiPort, String webhookBind, int webhookPort) {
        PyraServer server = new PyraServer(Pyra.start(options));
        LogSetup.follow(server.pyra, options.dataDir().toAbsolutePath().normalize().resolve("logs"));
        server.detachFeed = FeedAppender.attach(server.pyra.feed());
        try {
            server.api = listen(() -> new ApiServer(server.pyra, "127.0.0.1", uiPort).start(), "UI/API", "127.0.0.1", uiPort);
            server.webhook = listen(() -> new WebhookServer(server.pyra.webhook(), server.pyra.webhookGuard(), webhookBind, webhookPort).start(),
                    "webhook", webhookBind, webhookPort);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static <T> T listen(java.util.function.Supplier<T> start, String what, String host, int port) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            throw new PyraException("Cannot listen for " + what + " on " + host + ":" + port
                    + " (is the port in use? choose another with the flags): " + e.getMessage(), e);
        }
    }

    public Pyra pyra() {
        return pyra;
    }

    /** The UI/API listener (fault drills reach its live stream through it). */
    public ApiServer api() {
        return api;
    }

    public int uiPort() {
        return api.port();
    }

    public int webhookPort() {
        return webhook.port();
    }

    /** Webhooks stop first (no new signals), then the API, then the engine finishes its queue. */
    @Override
    public void close() {
        if (webhook != null) {
            webhook.close();
        }
        if (api != null) {
            api.close();
        }
        detachFeed.run();
        pyra.close();
    }
}
