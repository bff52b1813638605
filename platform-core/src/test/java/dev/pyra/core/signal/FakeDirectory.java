package dev.pyra.core.signal;

import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.venue.SymbolNames;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Two venues with real Binance/OKX-style names for BTC/USDT and ETH/USDT. */
final class FakeDirectory implements SymbolDirectory {
    private static SymbolRules rules(String symbol, String base, String quote) {
        return SymbolRules.builder(symbol, base, quote).tickSize(new BigDecimal("0.01"))
                .stepSize(new BigDecimal("0.00001")).quantityRange(new BigDecimal("0.00001"), new BigDecimal("9000"))
                .notionalRange(new BigDecimal("10"), null).build();
    }

    private final Map<String, Map<String, SymbolRules>> venues = Map.of(
            "paper", Map.of("BTCUSDT", rules("BTCUSDT", "BTC", "USDT"), "ETHUSDT", rules("ETHUSDT", "ETH", "USDT")),
            "okx", Map.of("BTCUSDT", rules("BTC-USDT", "BTC", "USDT")));

    @Override
    public Set<String> exchanges() {
        return venues.keySet();
    }

    @Override
    public Optional<SymbolRules> rules(String exchange, String symbol) {
        return Optional.ofNullable(venues.get(exchange).get(SymbolNames.pairKey(symbol)));
    }
}
