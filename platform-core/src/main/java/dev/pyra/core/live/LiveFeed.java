package dev.pyra.core.live;

import dev.pyra.core.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's live events, for the web app's stream ({@code GET /api/v1/stream}): published
 * where they happen (mostly the event loop) and handed to every subscriber without waiting. A
 * subscriber that cannot take an event (a slow browser whose queue is full) is dropped and told
 * so; it reconnects and re-reads the snapshot. The loop never blocks on a browser.
 */
public final class LiveFeed {
    private final Clock clock;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /**
     * One event: its type ({@code group.updated}), when, and its data (immutable), serialized to
     * JSON once, by the first subscriber's sender that needs it — never on the publishing thread.
     */
    public static final class Event {
        private final String type;
        private final Instant at;
        private final Object data;
        private final String key;
        private volatile String json;

        Event(String type, Instant at, Object data, String key) {
            this.type = type;
            this.at = at;
            this.data = data;
            this.key = key;
        }

        /**
         * What the event is the latest state of ({@code group:12}), or null: a subscriber behind on
         * its sending may replace an unsent event of the same key by this one (a full state
         * supersedes the one before it); events without a key are never dropped that way.
         */
        public String key() {
            return key;
        }

        public String type() {
            return type;
        }

        public Instant at() {
            return at;
        }

        public String dataJson() {
            String cached = json;
            if (cached == null) {
                cached = data == null ? "{}" : Json.MAPPER.writeValueAsString(data);
                json = cached; // a race only serializes twice, to the same text
            }
            return cached;
        }
    }

    /** A browser connection's end: {@link #offer} must not block. */
    public interface Subscriber {
        /** False when it cannot take the event now: it is then dropped. */
        boolean offer(Event event);

        /** Dropped for falling behind. */
        void overflowed();
    }

    public LiveFeed(Clock clock) {
        this.clock = clock;
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Offers the event to every subscriber; {@code data} must not change afterwards (it is serialized later, elsewhere). */
    public void publish(String type, Object data) {
        publish(type, null, data);
    }

    /** As {@link #publish(String, Object)}, for the latest state of {@code key} (see {@link Event#key()}). */
    public void publish(String type, String key, Object data) {
        if (subscribers.isEmpty()) {
            return;
        }
        Event event = new Event(type, clock.instant(), data, key);
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.offer(event)) {
                subscribers.remove(subscriber);
                subscriber.overflowed();
            }
        }
    }
}
