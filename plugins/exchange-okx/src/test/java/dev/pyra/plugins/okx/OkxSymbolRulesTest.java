package dev.pyra.plugins.okx;

import dev.pyra.core.testing.VenueRulesTable;

/** OKX's symbol metadata ({@code src/test/resources/okx/}): mapped, and the orders made of it. */
class OkxSymbolRulesTest extends VenueRulesTable {
    OkxSymbolRulesTest() {
        super("okx", "public-instruments-spot.json", OkxSymbolRules::parse);
    }
}
