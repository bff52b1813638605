package dev.pyra.plugins.kucoin;

import dev.pyra.core.testing.VenueRulesTable;

/** KuCoin's symbol metadata ({@code src/test/resources/kucoin/}): mapped, and the orders made of it. */
class KucoinSymbolRulesTest extends VenueRulesTable {
    KucoinSymbolRulesTest() {
        super("kucoin", "symbols.json", KucoinSymbolRules::parse);
    }
}
