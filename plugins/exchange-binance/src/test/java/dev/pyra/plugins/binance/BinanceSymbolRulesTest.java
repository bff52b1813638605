package dev.pyra.plugins.binance;

import dev.pyra.core.testing.VenueRulesTable;

/** Binance's symbol metadata ({@code src/test/resources/binance/}): mapped, and the orders made of it. */
class BinanceSymbolRulesTest extends VenueRulesTable {
    BinanceSymbolRulesTest() {
        super("binance", "exchangeInfo.json", BinanceSymbolRules::parse);
    }
}
