package dev.pyra.connector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A venue's private WebSocket stream of order updates, kept alive: a dropped connection is opened
 * again after a pause that doubles from 1 s to 60 s (venues also cut streams every 24 h), a
 * stream silent for longer than {@code silence} is treated as dropped (the watchdog), an optional
 * heartbeat is sent for venues that want the client to ping, and after every successful
 * subscription {@code subscribed} runs: the host then re-syncs its working orders by polling,
 * since updates may have been missed while the stream was down.
 *
 * <p>The venue decides what its messages mean through {@code reader}: logging in and subscribing
 * are the {@code opening} messages, sent in order on every connection.
 */
public final class PushStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.venue");
    private static final Duration MAX_PAUSE = Duration.ofSeconds(60);

    /** What a message means for the stream itself. */
    public enum Meaning {
        /** The subscription is in place: updates flow from now on. */
        SUBSCRIBED,
        /** The venue refused the login or subscription: reconnect later. */
        REFUSED,
        /** The venue ended the stream: reconnect. */
        ENDED,
        /** Anything else (an update, a pong). */
        OTHER
    }

    private final String venue;
    private final URI url;
    private final Duration silence;
    private final Duration heartbeatEvery;
    private final Supplier<String> heartbeat;
    private final Supplier<List<String>> opening;
    private final Function<JsonNode, Meaning> reader;
    private final Runnable subscribed;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer;

    private volatile WebSocket socket;
    private volatile Instant lastHeard = Instant.now();
    private volatile boolean closed;
    private Duration pause = Duration.ofSeconds(1);
    private int connection;
    /** Why the stream is not subscribed now, and since when (the status console); null while subscribed. */
    private volatile String trouble = "connecting";
    private volatile Instant troubleSince = Instant.now();
    private volatile Instant nextTry;

    /**
     * @param opening the messages to send on every new connection (fresh each time: signatures expire)
     * @param heartbeat a client ping to send every {@code heartbeatEvery}, or null when the venue pings
     */
    public PushStream(String venue, URI url, Duration silence, Supplier<List<String>> opening, Function<JsonNode, Meaning> reader,
            Runnable subscribed, Duration heartbeatEvery, Supplier<String> heartbeat) {
        this.venue = venue;
        this.url = url;
        this.silence = silence;
        this.opening = opening;
        this.reader = reader;
        this.subscribed = subscribed;
        this.heartbeatEvery = heartbeatEvery;
        this.heartbeat = heartbeat;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pyra-" + venue + "-stream").daemon(true).factory());
    }

    /**
     * The stream a connector should open, from its settings: {@code streamUrl} when set; none when
     * {@code userStream} is off, there is no key, or {@code baseUrl} points the REST calls elsewhere
     * (a proxy or a stub) without naming a stream; else the venue's own for the network.
     */
    public static java.util.Optional<URI> configuredUrl(dev.pyra.api.exchange.ConnectorConfig config, boolean authenticated,
            String mainnet, String testnet) {
        boolean wanted = config.string("userStream").map(Boolean::parseBoolean).orElse(true);
        if (!authenticated || !wanted) {
            return java.util.Optional.empty();
        }
        java.util.Optional<String> named = config.string("streamUrl").filter(url -> !url.isBlank());
        if (named.isPresent()) {
            return named.map(URI::create);
        }
        boolean stubbed = config.string("baseUrl").filter(url -> !url.isBlank()).isPresent();
        return stubbed ? java.util.Optional.empty() : java.util.Optional.of(URI.create(config.testnet() ? testnet : mainnet));
    }

    /** {@code streamSilenceSeconds}, 60 by default. */
    public static Duration silence(dev.pyra.api.exchange.ConnectorConfig config) {
        return Duration.ofSeconds(config.decimal("streamSilenceSeconds").map(java.math.BigDecimal::longValue).orElse(60L));
    }

    public void start() {
        timer.execute(this::connect);
        long every = Math.max(250, silence.toMillis() / 4);
        timer.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
        if (heartbeat != null) {
            timer.scheduleWithFixedDelay(this::beat, heartbeatEvery.toMillis(), heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs on the timer thread only. */
    private void connect() {
        if (closed) {
            return;
        }
        int attempt;
        synchronized (this) {
            attempt = ++connection;
        }
        try {
            WebSocket opened = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(url, new Listener(attempt)).get(15, TimeUnit.SECONDS);
            lastHeard = Instant.now();
            socket = opened;
            for (String message : opening.get()) {
                opened.sendText(message, true).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            Throwable why = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("{} order stream: cannot connect ({}); trying again in {} s", venue, why.getClass().getSimpleName(), pause.toSeconds());
            reconnectLater(attempt, "cannot connect (" + why.getClass().getSimpleName() + ")");
        }
    }

    /** Only the current connection may schedule the next one, once. */
    private synchronized void reconnectLater(int attempt, String why) {
        if (closed || attempt != connection) {
            return;
        }
        if (trouble == null) {
            troubleSince = Instant.now();
        }
        trouble = why;
        connection++; // later callbacks of the dropped connection are stale
        WebSocket old = socket;
        socket = null; // the watchdog and the heartbeat rest until the next connection is up
        if (old != null) {
            old.abort();
        }
        Duration wait = pause;
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        nextTry = Instant.now().plus(wait);
        timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * "order stream down since 19:42:07 UTC: cannot connect (ConnectException); next try in 8 s"
     * while it is not subscribed; empty while it is.
     */
    public java.util.Optional<String> condition() {
        String why = trouble;
        if (why == null || closed) {
            return java.util.Optional.empty();
        }
        Instant next = nextTry;
        long in = next == null ? 0 : Math.max(1, (Duration.between(Instant.now(), next).toMillis() + 999) / 1000);
        return java.util.Optional.of("order stream down since " + Conditions.clockTime(troubleSince) + ": " + why
                + (next == null ? "" : "; next try in " + in + " s"));
    }


    private void watch() {
        if (closed || socket == null) {
            return;
        }
        Duration quiet = Duration.between(lastHeard, Instant.now());
        if (quiet.compareTo(silence) > 0) {
            log.warn("{} order stream silent for {} s: reconnecting", venue, quiet.toSeconds());
            reconnectLater(connection, "silent for " + quiet.toSeconds() + " s");
        }
    }

    private void beat() {
        WebSocket current = socket;
        if (!closed && current != null) {
            current.sendText(heartbeat.get(), true);
        }
    }

    private void onMessage(int attempt, String text) {
        synchronized (this) {
            if (attempt != connection) {
                return; // a dropped connection's last words
            }
        }
        switch (reader.apply(VenueHttp.json().readTree(text))) {
            case SUBSCRIBED -> {
                synchronized (this) {
                    if (attempt != connection) {
                        return; // dropped meanwhile (the watchdog): not subscribed after all, and still shown down
                    }
                    pause = Duration.ofSeconds(1);
                    trouble = null;
                    nextTry = null;
                }
                log.info("{} order stream subscribed", venue);
                subscribed.run(); // whatever happened while we were not listening
            }
            case REFUSED -> {
                log.error("{} order stream refused: {}", venue, text.length() > 300 ? text.substring(0, 300) : text);
                reconnectLater(attempt, "the venue refused the login or subscription");
            }
            case ENDED -> reconnectLater(attempt, "ended by the venue");
            case OTHER -> {}
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        client.close();
    }

    private final class Listener implements WebSocket.Listener {
        private final int attempt;
        private final StringBuilder partial = new StringBuilder();

        Listener(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastHeard = Instant.now();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(attempt, text);
                } catch (RuntimeException e) {
                    log.warn("{} order stream: unreadable message ({})", venue, e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastHeard = Instant.now(); // the JDK answers the pong itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            log.warn("{} order stream closed ({} {}): reconnecting", venue, statusCode, reason);
            reconnectLater(attempt, "closed (" + statusCode + (reason == null || reason.isBlank() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            log.warn("{} order stream failed ({}): reconnecting", venue, error.toString());
            reconnectLater(attempt, "failed (" + error.getClass().getSimpleName() + ")");
        }
    }
}
