package dev.pyra.api.exchange;

import java.util.Optional;

/** A small durable key-value store (text values, e.g. JSON) that the host backs with its database. */
public interface StateStore {

    Optional<String> get(String key);

    /** Writes durably before returning. */
    void put(String key, String value);
}
