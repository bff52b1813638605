package dev.pyra.core.venue;

import dev.pyra.api.exchange.StateStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** A venue plugin's durable key-value state, in the {@code venue_state} table. */
final class DatabaseStateStore implements StateStore {
    private final Jdbi jdbi;
    private final String venue;

    DatabaseStateStore(Jdbi jdbi, String venue) {
        this.jdbi = jdbi;
        this.venue = venue;
    }

    @Override
    public Optional<String> get(String key) {
        return jdbi.withHandle(h -> h.createQuery("select value from venue_state where venue = :venue and key = :key")
                .bind("venue", venue)
                .bind("key", key)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public void put(String key, String value) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into venue_state (venue, key, value, updated_at) values (:venue, :key, :value, now())
                        on conflict (venue, key) do update set value = excluded.value, updated_at = excluded.updated_at""")
                .bind("venue", venue)
                .bind("key", key)
                .bind("value", value)
                .execute());
    }
}
