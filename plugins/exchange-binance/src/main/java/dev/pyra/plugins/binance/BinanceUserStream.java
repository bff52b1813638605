package dev.pyra.plugins.binance;

import dev.pyra.connector.Signing;
import dev.pyra.connector.VenueHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Order updates pushed by Binance's WebSocket API: {@code userDataStream.subscribe.signature}
 * (listenKey streams were removed on 2026-02-20, and the served XChange stream module still uses
 * them). Binance cuts connections after 24 h and pings every 20 s; a dropped connection is opened
 * again with a growing pause (1 s to 60 s), a stream silent for longer than {@code silence} is
 * treated as dropped, and after every (re)subscription the host is asked to re-sync its working
 * orders by polling, since updates may have been missed meanwhile.
 */
final class BinanceUserStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.venue");
    private static final Duration MAX_PAUSE = Duration.ofSeconds(60);

    private final URI url;
    private final String apiKey;
    private final String apiSecret;
    private final Duration silence;
    private final Consumer<JsonNode> executionReports;
    private final Runnable resync;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-binance-stream").daemon(true).factory());

    private volatile WebSocket socket;
    private volatile Instant lastHeard = Instant.now();
    private volatile boolean closed;
    private Duration pause = Duration.ofSeconds(1);
    private int connection;

    BinanceUserStream(URI url, String apiKey, String apiSecret, Duration silence, Consumer<JsonNode> executionReports, Runnable resync) {
        this.url = url;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.silence = silence;
        this.executionReports = executionReports;
        this.resync = resync;
    }

    void start() {
        timer.execute(this::connect);
        long every = Math.max(250, silence.toMillis() / 4);
        timer.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
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
            long timestamp = System.currentTimeMillis();
            String signature = Signing.hmacSha256Hex(apiSecret, "apiKey=" + apiKey + "&timestamp=" + timestamp);
            opened.sendText("{\"id\":\"pyra-subscribe-" + attempt + "\",\"method\":\"userDataStream.subscribe.signature\",\"params\":{"
                    + "\"apiKey\":\"" + apiKey + "\",\"timestamp\":" + timestamp + ",\"signature\":\"" + signature + "\"}}", true);
        } catch (Exception e) {
            log.warn("Binance order stream: cannot connect ({}); trying again in {} s", e.getClass().getSimpleName(), pause.toSeconds());
            reconnectLater(attempt);
        }
    }

    /** Only the current connection may schedule the next one, once. */
    private synchronized void reconnectLater(int attempt) {
        if (closed || attempt != connection) {
            return;
        }
        connection++; // later callbacks of the dropped connection are stale
        WebSocket old = socket;
        socket = null; // the watchdog rests until the next connection is up
        if (old != null) {
            old.abort();
        }
        Duration wait = pause;
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void watch() {
        WebSocket current = socket;
        if (closed || current == null) {
            return;
        }
        Duration quiet = Duration.between(lastHeard, Instant.now());
        if (quiet.compareTo(silence) > 0) {
            log.warn("Binance order stream silent for {} s: reconnecting", quiet.toSeconds());
            reconnectLater(connection);
        }
    }

    private void onMessage(int attempt, String text) {
        JsonNode message = VenueHttp.json().readTree(text);
        if (message.has("status") && message.has("id")) {
            if (message.path("status").asInt() == 200) {
                synchronized (this) {
                    pause = Duration.ofSeconds(1);
                }
                log.info("Binance order stream subscribed");
                resync.run(); // whatever happened while we were not listening
            } else {
                log.error("Binance order stream refused: {} {}", message.at("/error/code").asString(""), message.at("/error/msg").asString(""));
                reconnectLater(attempt);
            }
            return;
        }
        JsonNode event = message.path("event");
        switch (event.path("e").asString("")) {
            case "executionReport" -> executionReports.accept(event);
            case "eventStreamTerminated" -> reconnectLater(attempt);
            default -> {
                // outboundAccountPosition, balanceUpdate: balances are read when needed
            }
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
                    log.warn("Binance order stream: unreadable message ({})", e.getMessage());
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
            log.warn("Binance order stream closed ({} {}): reconnecting", statusCode, reason);
            reconnectLater(attempt);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            log.warn("Binance order stream failed ({}): reconnecting", error.toString());
            reconnectLater(attempt);
        }
    }
}
