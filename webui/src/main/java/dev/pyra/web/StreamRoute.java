package dev.pyra.web;

import dev.pyra.core.Json;
import dev.pyra.core.live.LiveFeed;
import dev.pyra.core.security.Logins;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/stream}, a WebSocket: every message is {@code {"seq","type","at","data"}}
 * with {@code seq} strictly increasing per connection; first {@code hello}, then the engine's
 * typed events and a {@code heartbeat} every {@value #HEARTBEAT_SECONDS} s; a client's
 * {@code {"type":"ping","id":…}} is answered {@code pong} (its round trip). Each connection has
 * its own bounded queue and sender thread; a state event (a group, a price, the pool) still
 * unsent when a newer one of the same thing arrives is replaced by it, so a slow browser gets
 * the latest state rather than every step; one that falls further behind is closed (1013), never
 * waited for, and re-reads the snapshot when it reconnects.
 */
final class StreamRoute implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    static final int HEARTBEAT_SECONDS = 2;
    /** Unsent messages a connection may hold; beyond, it is closed (a browser that far behind re-reads the snapshot). */
    private static final int PENDING = 2048;

    private final LiveFeed feed;
    private final AccessPolicy access;
    private final Logins logins;
    private final Clock clock;
    private final Map<WsContext, Connection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-stream-heartbeat").daemon(true).factory());

    StreamRoute(LiveFeed feed, AccessPolicy access, Logins logins, Clock clock) {
        this.feed = feed;
        this.access = access;
        this.logins = logins;
        this.clock = clock;
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Until then, new connections are closed at once: a fault drill cuts the stream with {@link #cut}. */
    private volatile Instant refuseUntil = Instant.MIN;

    /**
     * Fault drills and tests: drops every connection and refuses new ones for {@code duration},
     * as a network cut would; browsers show it, then reconnect and re-read the snapshot.
     */
    void cut(Duration duration) {
        refuseUntil = clock.instant().plus(duration);
        connections.values().forEach(c -> c.shut(1012, "the stream was cut"));
    }

    void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade("/api/v1/stream", access::checkUpgrade);
        routes.ws("/api/v1/stream", ws -> {
            ws.onConnect(this::open);
            ws.onMessage(ctx -> message(ctx, ctx.message()));
            ws.onClose(ctx -> close(ctx));
            ws.onError(ctx -> close(ctx));
        });
    }

    /**
     * What the sender writes: a feed event (its JSON made on the sender's thread, once for every
     * connection), or one of the stream's own messages.
     */
    private record Outgoing(String type, Instant at, String ownJson, LiveFeed.Event event) {
        String dataJson() {
            return event != null ? event.dataJson() : ownJson;
        }
    }

    private final class Connection implements LiveFeed.Subscriber {
        final WsContext ctx;
        final String sessionToken;
        /**
         * Unsent messages in order; an event with a key replaces its unsent predecessor in place
         * (a slow browser gets each group's latest state, not every one before it).
         */
        final java.util.LinkedHashMap<Object, Outgoing> pending = new java.util.LinkedHashMap<>();
        volatile boolean closing;
        long seq;
        long beats;
        final Thread sender;

        Connection(WsContext ctx, String sessionToken) {
            this.ctx = ctx;
            this.sessionToken = sessionToken;
            this.sender = Thread.ofPlatform().name("pyra-stream-sender").daemon(true).unstarted(this::send);
        }

        @Override
        public boolean offer(LiveFeed.Event event) {
            return enqueue(event.key() != null ? event.key() : new Object(), new Outgoing(event.type(), event.at(), null, event));
        }

        private boolean enqueue(Object key, Outgoing message) {
            synchronized (pending) {
                if (closing || (pending.size() >= PENDING && !pending.containsKey(key))) {
                    return false;
                }
                pending.put(key, message); // a key already waiting keeps its place, with the newer state
                pending.notifyAll();
                return true;
            }
        }

        private Outgoing take() throws InterruptedException {
            synchronized (pending) {
                while (pending.isEmpty()) {
                    pending.wait();
                }
                var first = pending.entrySet().iterator();
                Outgoing next = first.next().getValue();
                first.remove();
                return next;
            }
        }

        @Override
        public void overflowed() {
            shut(1013, "too slow: the stream fell behind; re-read the snapshot and reconnect");
        }

        boolean offerOwn(String type, Object data) {
            return enqueue(new Object(), new Outgoing(type, clock.instant(), data == null ? "{}" : Json.MAPPER.writeValueAsString(data), null));
        }

        void shut(int code, String reason) {
            closing = true;
            sender.interrupt();
            try {
                ctx.closeSession(code, reason);
            } catch (RuntimeException e) {
                // already gone
            }
        }

        private void send() {
            try {
                while (!closing) {
                    Outgoing next = take();
                    ctx.send("{\"seq\":" + (++seq) + ",\"type\":\"" + next.type() + "\",\"at\":\"" + next.at() + "\",\"data\":"
                            + next.dataJson() + "}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                closing = true; // the browser went away mid-send
            }
        }
    }

    private void open(WsContext ctx) {
        if (clock.instant().isBefore(refuseUntil)) {
            ctx.closeSession(1013, "the stream is cut for a while; try again later"); // a clean close: the page retries
            return;
        }
        ctx.session.setIdleTimeout(Duration.ofSeconds(HEARTBEAT_SECONDS * 15L));
        String token = ctx.cookie(AccessPolicy.COOKIE);
        Connection connection = new Connection(ctx, token);
        connections.put(ctx, connection);
        connection.offerOwn("hello", Map.of("seqBase", 1, "serverTime", clock.instant(), "heartbeatSeconds", HEARTBEAT_SECONDS));
        connection.sender.start();
        feed.subscribe(connection);
    }

    private void message(WsContext ctx, String text) {
        Connection connection = connections.get(ctx);
        if (connection == null) {
            return;
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (RuntimeException e) {
            return; // a client's garbage is not an event
        }
        if ("ping".equals(message.path("type").asString(""))) {
            connection.offerOwn("pong", Map.of("id", message.path("id").asString(""), "serverTime", clock.instant()));
        }
    }

    private void close(WsContext ctx) {
        Connection connection = connections.remove(ctx);
        if (connection != null) {
            feed.unsubscribe(connection);
            connection.closing = true;
            connection.sender.interrupt();
        }
    }

    /** Every connection's heartbeat; one whose login session has ended is closed (4401). */
    private void beat() {
        for (Connection connection : connections.values()) {
            connection.beats++;
            if (connection.sessionToken != null && connection.beats % 15 == 0 && logins.session(connection.sessionToken).isEmpty()) {
                connection.shut(4401, "the login session has ended");
                continue;
            }
            if (!connection.offerOwn("heartbeat", Map.of("serverTime", clock.instant(), "listeners", feed.subscribers()))) {
                feed.unsubscribe(connection);
                connection.overflowed();
            }
        }
    }

    int connections() {
        return connections.size();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        connections.values().forEach(c -> c.shut(1001, "Pyra is stopping"));
        connections.clear();
        log.debug("Live stream closed");
    }
}
