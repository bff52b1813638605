package dev.pyra.core.trading;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the engine holds: every position group since the start by id, the open ones by key (one
 * per exchange, pair, timeframe and side), and per venue and symbol the last price with the open
 * groups trading it. Owned by the event loop.
 */
final class GroupBook {
    private final Map<Long, PositionGroup> groups = new LinkedHashMap<>();
    private final Map<GroupKey, PositionGroup> openByKey = new HashMap<>();
    /** The open groups in the order they opened: what a hook's context lists (no copy per call). */
    private final List<PositionGroup> openInOrder = new ArrayList<>();
    private final Map<String, Map<String, SymbolBook>> symbols = new HashMap<>();
    private long nextGroupId;

    void startIdsAt(long next) {
        nextGroupId = next;
    }

    long nextGroupId() {
        return nextGroupId++;
    }

    /** A new group: it holds its key (and its pool slot) until it has closed. */
    void opened(PositionGroup group) {
        groups.put(group.id, group);
        openByKey.put(group.key, group);
        openInOrder.add(group);
        symbol(group).groups.add(group);
    }

    /** A group from its snapshot after a restart. */
    void restored(PositionGroup group) {
        groups.put(group.id, group);
        if (group.isOpen()) {
            openByKey.put(group.key, group);
            openInOrder.add(group);
            symbol(group).groups.add(group);
        }
    }

    void closed(PositionGroup group) {
        openByKey.remove(group.key, group);
        openInOrder.remove(group);
        symbol(group).groups.remove(group);
    }

    PositionGroup get(long id) {
        return groups.get(id);
    }

    /** The open group of this key, or null. */
    PositionGroup openOn(GroupKey key) {
        return openByKey.get(key);
    }

    /** The groups holding a slot (live, waiting or closing); a live view. */
    Collection<PositionGroup> open() {
        return openByKey.values();
    }

    /** The open groups in the order they opened, read-only, not a copy: read it on the loop (or while the loop waits). */
    List<PositionGroup> openInOrder() {
        return java.util.Collections.unmodifiableList(openInOrder);
    }

    Set<GroupKey> openKeys() {
        return openByKey.keySet();
    }

    /** Every group held since the start, closed ones too, in the order they opened. */
    Collection<PositionGroup> all() {
        return groups.values();
    }

    SymbolBook symbol(PositionGroup group) {
        return symbol(group.key.exchange(), group.venueSymbol);
    }

    SymbolBook symbol(String venue, String symbol) {
        return symbols.computeIfAbsent(venue, v -> new HashMap<>()).computeIfAbsent(symbol, s -> new SymbolBook(venue, s));
    }

    /** The symbol's book if one was ever needed; null otherwise (the tick path creates none it does not need). */
    SymbolBook find(String venue, String symbol) {
        Map<String, SymbolBook> venueBooks = symbols.get(venue);
        return venueBooks == null ? null : venueBooks.get(symbol);
    }

    /** The venue's last price of a symbol; null when none is known. */
    BigDecimal lastPrice(String venue, String symbol) {
        SymbolBook book = find(venue, symbol);
        return book == null ? null : book.lastPrice;
    }

    BigDecimal lastPrice(PositionGroup group) {
        return symbol(group).lastPrice;
    }

    /** The venue symbols of the open groups on this venue, sorted. */
    Set<String> openSymbols(String venue) {
        Set<String> open = new TreeSet<>();
        for (PositionGroup group : openByKey.values()) {
            if (group.key.exchange().equals(venue)) {
                open.add(group.venueSymbol);
            }
        }
        return open;
    }
}
