package dev.pyra.core.venue;

import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.SimulatedMarket;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.precision.SymbolRulesSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One configured venue: its connector and its cached symbol rules. */
public final class Venue {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final String id;
    private volatile PluginBoundConnector connector;
    private volatile String network;
    private final Clock clock;
    private volatile Map<String, SymbolRules> rulesByPair = Map.of();
    private volatile Instant rulesLoadedAt;
    private volatile String error;

    Venue(String id, PluginBoundConnector connector, String network, Clock clock) {
        this.id = id;
        this.connector = connector;
        this.network = network;
        this.clock = clock;
    }

    /** {@code mainnet} or {@code testnet}, as the running connector was created. */
    public String network() {
        return network;
    }

    /** Swaps in a connector made from new settings (e.g. switched to testnet); the old one is closed. */
    void reconnect(PluginBoundConnector replacement, String newNetwork) {
        PluginBoundConnector old = connector;
        connector = replacement;
        network = newNetwork;
        rulesLoadedAt = null; // the other network's rules do not count
        refreshRules();
        try {
            old.close();
        } catch (RuntimeException e) {
            log.warn("Venue {}: the replaced connector did not close cleanly: {}", id, e.getMessage());
        }
    }

    public String id() {
        return id;
    }

    /** Calls block on I/O: never call from the event loop. */
    public ExchangeConnector connector() {
        return connector;
    }

    public Optional<SimulatedMarket> simulatedMarket() {
        return connector.isSimulated() ? Optional.of(connector) : Optional.empty();
    }

    /** Fetches the venue's symbol rules; on failure keeps the previous ones and records why. */
    public void refreshRules() {
        try {
            Map<String, SymbolRules> byPair = new HashMap<>();
            for (SymbolRules rules : connector.symbolRules()) {
                byPair.put(rules.pairKey(), rules);
            }
            rulesByPair = Map.copyOf(byPair);
            rulesLoadedAt = clock.instant();
            error = null;
        } catch (RuntimeException e) {
            error = "cannot load symbol rules: " + e.getMessage();
            log.error("Venue {}: {}", id, error);
        }
    }

    public boolean hasRules() {
        return rulesLoadedAt != null;
    }

    /** The rules for a symbol written any common way ({@code BINANCE:BTCUSDT}, {@code BTC/USDT}). */
    public Optional<SymbolRules> rules(String symbol) {
        return Optional.ofNullable(rulesByPair.get(SymbolNames.pairKey(symbol)));
    }

    /** The rules for an order on {@code symbol}, or why there are none usable. */
    public SymbolRulesSource.Lookup lookup(String symbol, Duration maxAge) {
        Instant loaded = rulesLoadedAt;
        if (loaded == null) {
            return SymbolRulesSource.Lookup.missing("the symbol rules of " + id + " are not loaded"
                    + (error == null ? "" : " (" + error + ")") + ": refusing to guess");
        }
        Duration age = Duration.between(loaded, clock.instant());
        if (age.compareTo(maxAge) > 0) {
            return SymbolRulesSource.Lookup.missing("the symbol rules of " + id + " are " + age.toMinutes()
                    + " minutes old, older than precision.maxRulesAgeMinutes (" + maxAge.toMinutes() + ")"
                    + (error == null ? "" : "; the last refresh failed: " + error) + ": refusing to guess");
        }
        return rules(symbol).map(SymbolRulesSource.Lookup::found)
                .orElseGet(() -> SymbolRulesSource.Lookup.missing(id + " does not list " + symbol));
    }

    public int symbolCount() {
        return rulesByPair.size();
    }

    public Instant rulesLoadedAt() {
        return rulesLoadedAt;
    }

    /** Null when the venue is healthy. */
    public String error() {
        return error;
    }
}
