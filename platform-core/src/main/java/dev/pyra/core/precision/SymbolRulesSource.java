package dev.pyra.core.precision;

import dev.pyra.api.exchange.SymbolRules;

/** Where the engine gets the rules to check an order against. Safe to call from the event loop. */
public interface SymbolRulesSource {

    /** The rules, or why there are none usable: never a guess. */
    Lookup find(String exchange, String symbol);

    /** The venue rejected an order for precision: its rules may have changed, so they are refreshed now (off the loop). */
    void rejectedForPrecision(String exchange);

    /** @param problem why the rules cannot be used (missing, unknown symbol, too old); null when {@code rules} is set */
    record Lookup(SymbolRules rules, String problem) {
        public static Lookup found(SymbolRules rules) {
            return new Lookup(rules, null);
        }

        public static Lookup missing(String problem) {
            return new Lookup(null, problem);
        }
    }
}
