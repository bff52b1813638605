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

    /**
     * A connector made from new settings (e.g. switched to testnet) with its symbol rules already
     * loaded, ready to take this venue's place in one step.
     */
    public final class Replacement {
        private final PluginBoundConnector replacement;
        private final String newNetwork;
        private final Map<String, SymbolRules> newRules;
        private final Instant loadedAt;

        Replacement(PluginBoundConnector replacement, String newNetwork) {
            Map<String, SymbolRules> byPair = new HashMap<>();
            for (SymbolRules rules : replacement.symbolRules()) { // fails here, before anything changes
                byPair.put(rules.pairKey(), rules);
            }
            this.replacement = replacement;
            this.newNetwork = newNetwork;
            this.newRules = Map.copyOf(byPair);
            this.loadedAt = clock.instant();
        }

        /** Takes the venue's place; answers the connector it replaced, for the caller to close off the loop. */
        public AutoCloseable swapIn() {
            synchronized (Venue.this) {
                return swap();
            }
        }

        private AutoCloseable swap() {
            PluginBoundConnector old = connector;
            connector = replacement;
            network = newNetwork;
            rulesByPair = newRules;
            rulesLoadedAt = loadedAt;
            error = null;
            return old;
        }

        /** Not used after all. */
        public void discard() {
            replacement.close();
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
        PluginBoundConnector asked = connector;
        try {
            Map<String, SymbolRules> byPair = new HashMap<>();
            for (SymbolRules rules : asked.symbolRules()) {
                byPair.put(rules.pairKey(), rules);
            }
            synchronized (this) {
                if (asked != connector) {
                    return; // replaced meanwhile (another network): these rules are not its
                }
                rulesByPair = Map.copyOf(byPair);
                rulesLoadedAt = clock.instant();
                error = null;
            }
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

    /** Latency and failures of its recent calls (the status console). */
    public PluginBoundConnector.CallStats callStats() {
        return connector.stats();
    }

    public int symbolCount() {
        return rulesByPair.size();
    }

    public Instant rulesLoadedAt() {
        return rulesLoadedAt;
    }

    /** What the connector is going through now (a rate-limit pause, its order stream down), or null. */
    public String condition() {
        return connector.condition().orElse(null);
    }

    /** Null when the venue is healthy. */
    public String error() {
        return error;
    }
}
