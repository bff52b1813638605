package dev.pyra.launcher;

import dev.pyra.core.Pyra;
import dev.pyra.core.PyraException;
import dev.pyra.core.PyraOptions;
import dev.pyra.web.ApiServer;
import dev.pyra.web.WebhookServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pyra with its two HTTP listeners: what {@code bin/pyra} runs and what tests start on port 0.
 * It can restart the engine in place on the saved config (the settings page's "apply"): every
 * part stops as at shutdown and starts again on the same ports, so the browser reconnects to the
 * address it had.
 */
public final class PyraServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final PyraOptions options;
    private final String webhookBind;
    private final List<Runnable> lockLostListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<RuntimeException>> restartFailedListeners = new CopyOnWriteArrayList<>();
    private volatile Pyra pyra;
    private volatile ApiServer api;
    private volatile WebhookServer webhook;
    private Runnable detachFeed = () -> {};
    private int uiPort;
    private int webhookPort;

    private PyraServer(PyraOptions options, String webhookBind, int uiPort, int webhookPort) {
        this.options = options;
        this.webhookBind = webhookBind;
        this.uiPort = uiPort;
        this.webhookPort = webhookPort;
    }

    public static PyraServer start(PyraOptions options, int uiPort, String webhookBind, int webhookPort) {
        PyraServer server = new PyraServer(options, webhookBind, uiPort, webhookPort);
        server.boot();
        return server;
    }

    private void boot() {
        Thread.ofPlatform().daemon(true).name("pyra-http-prime").start(dev.pyra.web.HttpServers::prime);
        pyra = Pyra.start(options);
        LogSetup.follow(pyra, options.dataDir().toAbsolutePath().normalize().resolve("logs"));
        detachFeed = FeedAppender.attach(pyra.feed());
        lockLostListeners.forEach(pyra::onLockLost);
        try {
            Pyra current = pyra;
            // the two listeners start side by side (each a few hundred ms of Jetty on a cold JVM)
            java.util.concurrent.CompletableFuture<WebhookServer> webhookStarting = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> listen(() -> new WebhookServer(current.webhook(), current.webhookGuard(), webhookBind, webhookPort).start(),
                            "webhook", webhookBind, webhookPort),
                    runnable -> Thread.ofPlatform().name("pyra-webhook-start").start(runnable));
            try {
                api = listen(() -> new ApiServer(current, "127.0.0.1", uiPort, new Host()).start(), "UI/API", "127.0.0.1", uiPort);
            } finally {
                try {
                    webhook = webhookStarting.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            // a restart comes back on the ports this start got (port 0 picks one once)
            uiPort = api.port();
            webhookPort = webhook.port();
        } catch (RuntimeException e) {
            close();
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

    /** Called if the engine loses its database lock; kept across restarts. */
    public void onLockLost(Runnable listener) {
        lockLostListeners.add(listener);
        pyra.onLockLost(listener);
    }

    /** Called when a restart could not start Pyra again (the process should end: nothing is listening). */
    public void onRestartFailed(Consumer<RuntimeException> listener) {
        restartFailedListeners.add(listener);
    }

    /**
     * Stops everything as at shutdown and starts it again on the same data directory, config file
     * and ports. Runs on its own thread so the request that asked for it gets its answer first.
     */
    public void restartLater(String reason) {
        Thread.ofPlatform().name("pyra-restart").start(() -> {
            try {
                Thread.sleep(300); // the 202 reaches the browser before its listener closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            restart(reason);
        });
    }

    /** A restart in this thread; the listeners of {@link #onRestartFailed} hear of a failure (outside the lock: they may exit). */
    public void restart(String reason) {
        RuntimeException failed = stopAndStart(reason);
        if (failed != null) {
            restartFailedListeners.forEach(l -> l.accept(failed));
            if (restartFailedListeners.isEmpty()) {
                throw failed;
            }
        }
    }

    private synchronized RuntimeException stopAndStart(String reason) {
        log.info("Restarting the engine ({})", reason);
        long started = System.nanoTime();
        close();
        try {
            boot();
            log.info("Engine restarted in {} ms", (System.nanoTime() - started) / 1_000_000);
            return null;
        } catch (RuntimeException e) {
            log.error("Pyra did not start again after the restart: {}", e.getMessage(), e);
            return e;
        }
    }

    public Pyra pyra() {
        return pyra;
    }

    /** The UI/API listener (fault drills reach its live stream through it). */
    public ApiServer api() {
        return api;
    }

    /** The UI/API port (the same across restarts). */
    public int uiPort() {
        return uiPort;
    }

    public int webhookPort() {
        return webhookPort;
    }

    /** Webhooks stop first (no new signals), then the API, then the engine finishes its queue. */
    @Override
    public synchronized void close() {
        if (webhook != null) {
            webhook.close();
            webhook = null;
        }
        if (api != null) {
            api.close();
            api = null;
        }
        detachFeed.run();
        detachFeed = () -> {};
        if (pyra != null) {
            pyra.close();
        }
    }

    private final class Host implements ApiServer.Host {
        @Override
        public void restart(String reason) {
            restartLater(reason);
        }

        @Override
        public String webhookUrl() {
            String shown = webhookBind.equals("0.0.0.0") || webhookBind.equals("::") ? "your-public-host" : webhookBind;
            return "http://" + shown + ":" + webhookPort + "/webhook";
        }

        @Override
        public boolean webhookExposed() {
            return !(webhookBind.equals("127.0.0.1") || webhookBind.equals("localhost") || webhookBind.equals("::1"));
        }
    }
}
