package dev.pyra.plugins.gateio;

import dev.pyra.core.testing.VenueRulesTable;

/** Gate.io's symbol metadata ({@code src/test/resources/gateio/}): mapped, and the orders made of it. */
class GateioSymbolRulesTest extends VenueRulesTable {
    GateioSymbolRulesTest() {
        super("gateio", "currency_pairs.json", GateioSymbolRules::parse);
    }
}
