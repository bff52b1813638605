package dev.pyra.core.signal;

import dev.pyra.api.exchange.SymbolRules;
import java.util.Optional;
import java.util.Set;

/** What signal validation needs to know of the venues. */
public interface SymbolDirectory {

    /** Ids of the venues signals may name. */
    Set<String> exchanges();

    /**
     * The rules of a symbol on a known exchange, empty when the venue does not list it.
     *
     * @throws BadSignalException (503) when the venue's rules could not be loaded yet
     */
    Optional<SymbolRules> rules(String exchange, String symbol);
}
