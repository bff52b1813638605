package dev.pyra.plugins.bybit;

import dev.pyra.core.testing.VenueRulesTable;

/** Bybit's symbol metadata ({@code src/test/resources/bybit/}): mapped, and the orders made of it. */
class BybitSymbolRulesTest extends VenueRulesTable {
    BybitSymbolRulesTest() {
        super("bybit", "instruments-info-spot.json", BybitSymbolRules::parse);
    }
}
