package dev.pyra.core.settings;

import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.config.ConfigBackup;
import dev.pyra.core.config.ConfigChanges;
import dev.pyra.core.config.ConfigError;
import dev.pyra.core.config.ConfigStore;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.pool.PoolSnapshot;
import dev.pyra.core.pool.RankedEntry;
import dev.pyra.core.precision.BelowMinimum;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.risk.RiskOffset;
import dev.pyra.core.risk.RiskView;
import dev.pyra.core.trading.LadderPreview;
import dev.pyra.core.trading.Trading;
import dev.pyra.core.venue.Venue;
import dev.pyra.core.venue.Venues;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The settings page's work on the config: review a candidate (every error, every change and when
 * it applies), preview it (the DCA ladder on a real symbol, what the pool and risk settings make of
 * today's open groups), save it, back it up and restore it. Nothing is saved unless asked, and a
 * candidate with any error saves nothing.
 */
public final class Settings {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final ConfigStore config;
    private final Supplier<Venues> venues;
    private final Trading trading;
    private final Supplier<List<RiskOffset>> riskHistory;
    private final BiFunction<PyraConfig, PyraConfig, List<String>> applyExchangeChanges;
    private final java.util.Set<String> privateSecrets;
    private final String version;
    private final Clock clock;

    /**
     * @param applyExchangeChanges applies changed venue settings to running venues; answers what must wait
     * @param privateSecrets key store entries that never leave this data directory (not even in an encrypted backup)
     */
    public Settings(ConfigStore config, Supplier<Venues> venues, Trading trading, Supplier<List<RiskOffset>> riskHistory,
            BiFunction<PyraConfig, PyraConfig, List<String>> applyExchangeChanges, java.util.Set<String> privateSecrets, String version,
            Clock clock) {
        this.config = config;
        this.venues = venues;
        this.trading = trading;
        this.riskHistory = riskHistory;
        this.applyExchangeChanges = applyExchangeChanges;
        this.privateSecrets = privateSecrets;
        this.version = version;
        this.clock = clock;
    }

    /** A candidate's errors and changes; {@code restartRequired}: some change waits for a restart. */
    public record Review(boolean valid, List<ConfigError> errors, List<ConfigChanges.Change> changes, boolean restartRequired) {}

    public Review review(JsonNode candidate) {
        return review(candidate, Map.of());
    }

    /** With {@code storeOnly}: secrets a restore puts into the key store beside the config. */
    private Review review(JsonNode candidate, Map<String, String> storeOnly) {
        ConfigStore.Checked checked = config.check(candidate);
        if (!checked.valid()) {
            return new Review(false, checked.errors(), List.of(), false);
        }
        java.util.Set<String> secrets = new java.util.TreeSet<>(checked.secrets().keySet());
        secrets.addAll(config.changedSecrets(storeOnly));
        List<ConfigChanges.Change> changes = ConfigChanges.between(config.document(), checked.document(), secrets, facts());
        return new Review(true, List.of(), changes, ConfigChanges.restartRequired(changes));
    }

    /** Where the preview's ladder is drawn: a venue, a symbol and a price (blank: the venue's last price). */
    public record Sample(String exchange, String symbol, BigDecimal price) {}

    /**
     * @param ladder null when the candidate is invalid or the sample cannot be priced ({@code ladderProblem} says why)
     * @param pool the pool under the candidate's cap and ranking, with the entries it would start at once
     */
    public record Preview(Review review, Sample sample, LadderPreview.Plan ladder, String ladderProblem, PoolImpact pool, RiskView risk) {}

    /**
     * @param startNow queued entries (by sequence) the candidate's cap would start at once, best ranked first
     * @param overCap groups open beyond the candidate's cap: none is closed, new entries queue until they end
     */
    public record PoolImpact(int maxActiveGroups, int activeGroups, int freeSlots, int overCap, List<String> priorityRules,
            List<RankedEntry> queue, List<Long> startNow) {}

    public Preview preview(JsonNode candidate, Sample requested) {
        Review review = review(candidate);
        if (!review.valid()) {
            return new Preview(review, requested, null, "fix the errors to see the preview", null, null);
        }
        PyraConfig bound = bind(candidate);
        Sample sample = resolve(requested);
        LadderPreview.Plan ladder = null;
        String problem = null;
        Optional<Venue> venue = venues.get().get(sample.exchange());
        SymbolRules rules = venue.flatMap(v -> v.rules(sample.symbol())).orElse(null);
        if (venue.isEmpty()) {
            problem = "no running venue '" + sample.exchange() + "'";
        } else if (rules == null) {
            problem = "'" + sample.symbol() + "' is not a symbol of " + sample.exchange();
        } else if (sample.price() == null) {
            problem = "no price is known yet for " + rules.symbol() + " on " + sample.exchange() + ": type a sample price";
        } else {
            PrecisionEngine precision = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.of(bound.precision().belowMinimum()),
                    bound.precision().raiseTolerancePercent()));
            ladder = LadderPreview.plan(sample.exchange(), rules, sample.price(), bound.engine(), precision);
        }
        Trading.Impact impact = trading.impact(bound.pool(), bound.risk(), riskHistory.get());
        return new Preview(review, sample, ladder, problem, poolImpact(impact.pool()), impact.risk());
    }

    private static PoolImpact poolImpact(PoolSnapshot pool) {
        int free = Math.max(0, pool.maxActiveGroups() - pool.activeGroups());
        List<Long> startNow = new ArrayList<>();
        for (RankedEntry entry : pool.queue()) {
            if (startNow.size() >= free) {
                break;
            }
            startNow.add(entry.sequence());
        }
        return new PoolImpact(pool.maxActiveGroups(), pool.activeGroups(), free, Math.max(0, pool.activeGroups() - pool.maxActiveGroups()),
                pool.priorityRules(), pool.queue(), startNow);
    }

    /** A blank sample becomes the first running venue, its BTCUSDT (or first symbol), at its last price when known. */
    private Sample resolve(Sample requested) {
        Venues all = venues.get();
        String exchange = requested == null || blank(requested.exchange()) ? all.ids().getFirst() : requested.exchange();
        Optional<Venue> venue = all.get(exchange);
        String symbol = requested == null || blank(requested.symbol()) ? null : requested.symbol();
        if (symbol == null && venue.isPresent()) {
            symbol = venue.get().rules("BTCUSDT").map(SymbolRules::symbol).orElse("BTCUSDT");
        }
        BigDecimal price = requested == null ? null : requested.price();
        if (price == null && venue.isPresent()) {
            String venueSymbol = venue.get().rules(symbol).map(SymbolRules::symbol).orElse(symbol);
            price = trading.lastPrice(exchange, venueSymbol).orElse(null);
        }
        return new Sample(exchange, symbol, price);
    }

    /** What a save did: the changes, what applied at once, and what waits for a restart or for its venue to be idle. */
    public record Saved(List<ConfigChanges.Change> changes, boolean restartRequired, List<String> pending) {}

    public synchronized Saved save(JsonNode candidate, String source) {
        Review review = review(candidate);
        PyraConfig before = config.config();
        PyraConfig after = config.replace(candidate, source); // throws InvalidConfigException with every error
        return saved(review, before, after);
    }

    private Saved saved(Review review, PyraConfig before, PyraConfig after) {
        List<String> pending = new ArrayList<>(applyExchangeChanges.apply(before, after));
        for (ConfigChanges.Change change : review.changes()) {
            if (change.applies().equals("restart") && !change.path().startsWith("exchanges.")) {
                pending.add(change.path() + ": " + change.note());
            }
        }
        return new Saved(review.changes(), !pending.isEmpty(), pending);
    }

    /** {@code GET/POST /config/backup}: with the secrets sealed under {@code passphrase}, or without them. */
    public JsonNode backup(Optional<char[]> passphrase) {
        log.info("Config backup made ({})", passphrase.isPresent() ? "with encrypted secrets" : "secrets left out");
        return ConfigBackup.create(config, passphrase, privateSecrets, version, clock.instant());
    }

    /**
     * @param secrets the names of the secrets the backup carries (their values are never shown)
     */
    public record RestoreReview(Review review, boolean secretsIncluded, List<String> secrets, java.time.Instant createdAt) {}

    /** What restoring this backup would change; nothing is saved. */
    public RestoreReview reviewRestore(JsonNode uploaded, Optional<char[]> passphrase) {
        ConfigBackup.Contents contents = ConfigBackup.read(uploaded, passphrase);
        ConfigStore.Restorable restorable = ConfigStore.restorable(contents.config(), usable(contents.secrets()));
        return new RestoreReview(review(restorable.candidate(), restorable.storeOnly()), contents.secretsIncluded(), List.copyOf(contents.secrets().keySet()),
                contents.createdAt());
    }

    public synchronized Saved restore(JsonNode uploaded, Optional<char[]> passphrase) {
        ConfigBackup.Contents contents = ConfigBackup.read(uploaded, passphrase);
        ConfigStore.Restorable restorable = ConfigStore.restorable(contents.config(), usable(contents.secrets()));
        Review review = review(restorable.candidate(), restorable.storeOnly());
        PyraConfig before = config.config();
        config.restore(restorable, "restore of a backup" + (contents.createdAt() == null ? "" : " made " + contents.createdAt()));
        return saved(review, before, config.config());
    }

    /** A backup never overwrites this data directory's own entries, whatever it carries. */
    private Map<String, String> usable(Map<String, String> secrets) {
        Map<String, String> usable = new java.util.TreeMap<>(secrets);
        usable.keySet().removeAll(privateSecrets);
        return usable;
    }

    private static PyraConfig bind(JsonNode candidate) {
        return Json.MAPPER.treeToValue(candidate, PyraConfig.class);
    }

    private ConfigChanges.Venues facts() {
        Venues all = venues.get();
        return new ConfigChanges.Venues() {
            @Override
            public boolean running(String id) {
                return all.get(id).isPresent();
            }

            @Override
            public boolean simulated(String id) {
                return all.get(id).map(v -> v.simulatedMarket().isPresent()).orElse(id.equals("paper"));
            }
        };
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** The sample of a preview request: {@code {"exchange","symbol","price"}}, each optional. */
    public static Sample sample(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadRequestException("sample", "must be an object with exchange, symbol and price");
        }
        String price = node.path("price").asString("").trim();
        BigDecimal value = null;
        if (!price.isEmpty()) {
            try {
                value = new BigDecimal(price);
            } catch (NumberFormatException e) {
                throw new BadRequestException("sample.price", "not a decimal number: '" + price + "'");
            }
            if (value.signum() <= 0) {
                throw new BadRequestException("sample.price", "must be above zero");
            }
        }
        return new Sample(node.path("exchange").asString(""), node.path("symbol").asString(""), value);
    }
}
