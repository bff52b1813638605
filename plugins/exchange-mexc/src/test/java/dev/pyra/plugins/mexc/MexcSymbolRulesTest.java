package dev.pyra.plugins.mexc;

import dev.pyra.core.testing.VenueRulesTable;

/** MEXC's symbol metadata ({@code src/test/resources/mexc/}): mapped, and the orders made of it. */
class MexcSymbolRulesTest extends VenueRulesTable {
    MexcSymbolRulesTest() {
        super("mexc", "exchangeInfo.json", MexcSymbolRules::parse);
    }
}
