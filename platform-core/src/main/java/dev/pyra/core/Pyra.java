package dev.pyra.core;

import dev.pyra.api.PyraApi;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.core.venue.PriceFeed;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.config.ConfigStore;
import dev.pyra.core.config.Environment;
import dev.pyra.core.config.ConfigError;
import dev.pyra.core.config.InvalidConfigException;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.api.strategy.TakeProfitMode;
import dev.pyra.core.trading.Trading;
import dev.pyra.api.strategy.QueuePriorityRule;
import dev.pyra.api.strategy.RiskSelector;
import dev.pyra.core.pool.ExecutionPool;
import dev.pyra.core.risk.RiskEngine;
import dev.pyra.core.risk.RiskJournal;
import dev.pyra.core.risk.RiskView;
import dev.pyra.core.pool.QueueJournal;
import dev.pyra.core.pool.WaitingQueue;
import dev.pyra.core.precision.BelowMinimum;
import dev.pyra.core.precision.PrecisionCheck;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.engine.Engine;
import dev.pyra.core.engine.EventLoop;
import dev.pyra.core.health.Health;
import dev.pyra.core.plugin.PluginHost;
import dev.pyra.core.plugin.PluginInfo;
import dev.pyra.core.signal.BadSignalException;
import dev.pyra.core.signal.SignalParser;
import dev.pyra.core.signal.SignalRecord;
import dev.pyra.core.signal.SignalRepository;
import dev.pyra.core.signal.SymbolDirectory;
import dev.pyra.core.signal.WebhookGuard;
import dev.pyra.core.signal.WebhookIntake;
import dev.pyra.core.storage.DataDirectory;
import dev.pyra.core.storage.Database;
import dev.pyra.core.storage.DatabaseLock;
import dev.pyra.core.security.KeyStore;
import dev.pyra.core.security.Logins;
import dev.pyra.core.storage.EmbeddedDatabase;
import dev.pyra.core.storage.InstanceLock;
import dev.pyra.core.venue.PaperTicks;
import dev.pyra.core.venue.Venue;
import dev.pyra.core.venue.Venues;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One running Pyra: the facade the HTTP layer and the launcher talk to. Starting takes the data
 * directory's lock, loads config, starts the database, plugins, venues and engine; closing stops
 * them in reverse order after the queued events are done.
 */
public final class Pyra implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final dev.pyra.core.live.LiveFeed feed;
    private final Clock clock;
    private final Environment environment;
    private ConfigStore config;
    private KeyStore keys;
    private dev.pyra.core.logs.LogReader logReader;
    private Logins logins;
    private boolean embeddedDatabase;
    private EmbeddedDatabase embedded;
    private Database database;
    private PluginHost plugins;
    private volatile Venues venues;
    private PriceFeed priceFeed;
    private PrecisionEngine precision;
    private RiskJournal riskJournal;
    private final java.util.concurrent.ScheduledExecutorService equitySampler = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pyra-equity").daemon(true).factory());
    private Engine engine;
    private Trading trading;
    private SignalRepository signals;
    private WebhookIntake webhook;
    private WebhookGuard webhookGuard;
    private dev.pyra.core.settings.Settings settings;
    private dev.pyra.core.stats.Statistics statistics;
    private dev.pyra.core.stats.EquityRecorder equityRecorder;
    /** Free stablecoin balances per venue, as the last equity sample found them (the dashboard's allocation). */
    private volatile List<dev.pyra.core.stats.Statistics.FreeBalance> freeBalances = List.of();
    private dev.pyra.core.security.ApiTokens apiTokens;
    private DataDirectory dir;
    private PyraOptions options;
    private final java.time.Instant startedAt;
    private Map<String, TakeProfitMode> takeProfitModes = Map.of();
    private Map<String, QueuePriorityRule> priorityRules = Map.of();
    private Map<String, RiskSelector> riskSelectors = Map.of();
    private dev.pyra.core.hooks.JsHooks hooks;
    private dev.pyra.core.trading.HookDryRuns hookDryRuns;

    private Pyra(Clock clock, Environment environment) {
        this.clock = clock;
        this.environment = environment;
        this.feed = new dev.pyra.core.live.LiveFeed(clock);
        this.startedAt = clock.instant();
    }

    /** The web app's live stream of engine events. */
    public dev.pyra.core.live.LiveFeed feed() {
        return feed;
    }

    public static Pyra start(PyraOptions options) {
        Pyra pyra = new Pyra(options.clock(), options.environment());
        try {
            pyra.boot(options);
            return pyra;
        } catch (RuntimeException e) {
            pyra.close();
            throw e;
        }
    }

    private void boot(PyraOptions options) {
        this.options = options;
        dir = DataDirectory.create(options.dataDir());
        resources.push(InstanceLock.acquire(dir.lockFile()));
        logReader = new dev.pyra.core.logs.LogReader(dir.logsDir());
        // start-up runs three ways at once on what needs nothing of the others: the plugins load (class
        // loaders, extension indexes), the embedded PostgreSQL starts, and this thread reads the config
        CompletableFuture<PluginHost> pluginsLoading = CompletableFuture.supplyAsync(() -> loadPlugins(options), startThread("pyra-plugin-loader"));
        CompletableFuture<StartedDatabase> databaseStarting = null;
        try {
            keys = KeyStore.open(dir.root(), environment.keystorePassphrase().map(String::toCharArray), clock);
            apiTokens = new dev.pyra.core.security.ApiTokens(keys, environment.apiToken());
            Path configFile = options.configFile() != null ? options.configFile() : dir.configFile();
            if (environment.jdbcUrl().isEmpty() && !ConfigStore.mayNameExternalDatabase(configFile)) {
                databaseStarting = CompletableFuture.supplyAsync(() -> startEmbeddedDatabase(options), startThread("pyra-database-start"));
            }
            config = ConfigStore.open(configFile, keys, environment.webhookSecret().isEmpty());
            PyraConfig cfg = config.config();
            logins = new Logins(dir.root(), clock, new Logins.Settings(java.time.Duration.ofHours(cfg.security().sessionIdleHours()),
                    java.time.Duration.ofDays(7), cfg.security().loginMaxFailures(), java.time.Duration.ofMinutes(1),
                    java.time.Duration.ofMinutes(15)));
            // each enabled venue reads its reference data while the database finishes starting
            CompletableFuture<PluginHost> pluginsReady = pluginsLoading.thenApplyAsync(host -> Venues.prepare(host, cfg.enabledExchanges().keySet()),
                    startThread("pyra-plugin-loader"));
            openDatabase(options, cfg, databaseStarting);
            databaseStarting = null;
            plugins = join(pluginsReady);
            pluginsLoading = null;
            resources.push(plugins);
            bootEngine(options, cfg);
        } catch (RuntimeException e) {
            closeWhenStarted(databaseStarting);
            closeWhenStarted(pluginsLoading);
            throw e;
        }
    }

    private static java.util.concurrent.Executor startThread(String name) {
        return runnable -> Thread.ofPlatform().name(name).start(runnable);
    }

    private static <T> T join(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Start-up failed elsewhere: what was starting beside it is stopped once it has started. */
    private static void closeWhenStarted(CompletableFuture<? extends AutoCloseable> starting) {
        if (starting == null) {
            return;
        }
        try {
            starting.join().close();
        } catch (Exception ignored) {
            // it failed to start, or to stop: the failure being thrown is the one to report
        }
    }

    private PluginHost loadPlugins(PyraOptions options) {
        PluginHost host = new PluginHost(options.pluginDirs(), dir.pluginsDir(), dir.root().resolve("plugins.json"));
        try {
            host.start();
            return host;
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /** The embedded server and the pool on it, started together off the main thread. */
    private record StartedDatabase(EmbeddedDatabase server, Database database) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            server.close();
        }
    }

    private StartedDatabase startEmbeddedDatabase(PyraOptions options) {
        EmbeddedDatabase server = EmbeddedDatabase.start(dir.databaseDir(), dir.logsDir().resolve("postgresql.log"),
                options.durableDatabase(), keys);
        try {
            return new StartedDatabase(server, Database.open(server.jdbcUrl(), server.user(), server.password()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void openDatabase(PyraOptions options, PyraConfig cfg, CompletableFuture<StartedDatabase> starting) {
        Optional<String> externalUrl = environment.jdbcUrl().or(() -> Optional.of(cfg.database().jdbcUrl()).filter(s -> !s.isBlank()));
        if (externalUrl.isPresent()) {
            closeWhenStarted(starting); // not started ahead when the file names a database; only if it changed meanwhile
            log.info("Using external PostgreSQL at {}", Database.redactUrl(externalUrl.get()));
            // one trading Pyra per database, taken before anything reads or migrates it
            resources.push(DatabaseLock.acquire(externalUrl.get(), cfg.database().username(), cfg.database().password(),
                    options.standby(), this::lockLost));
            database = Database.open(externalUrl.get(), cfg.database().username(), cfg.database().password());
        } else {
            // no database lock here: this server is private to the data directory, which the instance lock already holds
            // (and a lock session would die with a crashed server, stopping a Pyra that is about to recover)
            StartedDatabase started = starting != null ? join(starting) : startEmbeddedDatabase(options);
            embedded = started.server();
            resources.push(embedded);
            embeddedDatabase = true;
            database = started.database();
            embedded.supervise(state -> log.info("Embedded PostgreSQL is {}", state));
        }
        resources.push(database);
    }

    private void bootEngine(PyraOptions options, PyraConfig cfg) {
        // the user's hooks are read (and ready on their thread) before the engine decides anything
        hooks = new dev.pyra.core.hooks.JsHooks(dir.hooksDir(), () -> config.config().hooks(), clock);
        hooks.onChange(() -> feed.publish("hooks.updated", "hooks", Map.of()));
        hooks.start();
        resources.push(hooks);

        takeProfitModes = takeProfitModes();
        config.addValidator(c -> checkTakeProfitMode(c, takeProfitModes));
        priorityRules = priorityRules();
        Map<String, RiskSelector> selectors = new TreeMap<>();
        plugins.extensions(RiskSelector.class).forEach(s -> selectors.putIfAbsent(s.id(), s));
        riskSelectors = selectors;
        config.addValidator(c -> checkRiskSelector(c, riskSelectors));
        config.addValidator(c -> checkPriorityRules(c, priorityRules));
        List<ConfigError> modeErrors = new ArrayList<>(checkTakeProfitMode(cfg, takeProfitModes));
        modeErrors.addAll(checkPriorityRules(cfg, priorityRules));
        modeErrors.addAll(checkRiskSelector(cfg, riskSelectors));
        if (!modeErrors.isEmpty()) {
            throw new InvalidConfigException(config.file().toString(), modeErrors);
        }

        signals = new SignalRepository(database.jdbi());
        resources.push(signals);
        EventLoop loop = new EventLoop();
        precision = new PrecisionEngine(() -> {
            PyraConfig.Precision settings = config.config().precision();
            return new PrecisionEngine.Policy(BelowMinimum.of(settings.belowMinimum()), settings.raiseTolerancePercent());
        });
        QueueJournal queueJournal = new QueueJournal(database.jdbi(), signals.writer());
        WaitingQueue queue = new WaitingQueue(queueJournal);
        ExecutionPool pool = new ExecutionPool(queue, () -> config.config().pool(), priorityRules, clock);
        trading = new Trading(loop, database.jdbi(), signals.writer(), () -> config.config().engine(), new VenueRules(), precision, pool,
                takeProfitModes, clock);
        engine = new Engine(loop, trading.engine(), signals, clock);
        statistics = new dev.pyra.core.stats.Statistics(database.jdbi(), () -> config.config().stats(),
                trading::openGroups, () -> freeBalances, clock);
        equityRecorder = new dev.pyra.core.stats.EquityRecorder(statistics, feed);
        trading.engine().onGroupClosed(equityRecorder::groupClosed);
        trading.engine().useFeed(feed);
        trading.engine().useHooks(hooks);
        trading.engine().onQueuedSignalDecided(engine::recordDecision);
        venues = Venues.start(cfg.enabledExchanges(), plugins, database.jdbi(), clock, (venue, report) -> engine.onOrderUpdate(venue, report));
        // closing runs in reverse: the loop drains, then orders and journal finish, then venues close
        resources.push(venues);
        resources.push(trading);
        resources.push(engine);
        venues.refreshRulesEvery(() -> config.config().precision());
        trading.start(id -> venues.get(id).orElseThrow().connector());
        trading.restoreQueue(queue, queueJournal.load());
        startFeeds(cfg);
        riskJournal = new RiskJournal(database.jdbi(), signals.writer());
        RiskEngine riskEngine = new RiskEngine(() -> config.config().risk(), riskSelectors, riskJournal, clock, group -> {
            SymbolRules symbol = venues.find(group.exchange(), group.symbol()).rules();
            return symbol == null ? null : symbol.stepFor(dev.pyra.api.exchange.OrderType.MARKET);
        });
        riskEngine.restore();
        riskEngine.useHooks(hooks);
        trading.engine().useRiskEngine(riskEngine, () -> config.config().risk());
        sampleEquity();
        resources.push(equityRecorder); // stops before the engine it reads from
        equityRecorder.start();
        equitySampler.scheduleAtFixedRate(this::sampleEquity, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
        equitySampler.scheduleWithFixedDelay(this::watchVenues, 2, 2, java.util.concurrent.TimeUnit.SECONDS);

        webhookGuard = new WebhookGuard(() -> config.config().webhook(), () -> keys.get(WebhookGuard.HMAC_KEY), clock);
        webhook = new WebhookIntake(this::webhookSecret, () -> config.config().webhook().maxLagSeconds(),
                new SignalParser(new VenueDirectory()), signals, engine, clock);
        hookDryRuns = new dev.pyra.core.trading.HookDryRuns(trading, hooks, config::config,
                (exchange, symbol) -> venues.find(exchange, symbol).rules(), precision);
        engine.replayUndecided();
        settings = new dev.pyra.core.settings.Settings(config, () -> venues, trading,
                () -> riskJournal.since(clock.instant().minus(java.time.Duration.ofDays(30))), this::applyExchangeChanges,
                Set.of(EmbeddedDatabase.PASSWORD_ENTRY), PyraApi.VERSION, clock);
        config.onChange((before, after) -> feed.publish("config.applied", Map.of("at", clock.instant().toString())));
        log.info("Pyra {} started: data in {}, venues {}", PyraApi.VERSION, dir.root(), venues.ids());
    }

    private Map<String, TakeProfitMode> takeProfitModes() {
        Map<String, TakeProfitMode> modes = new TreeMap<>();
        for (TakeProfitMode mode : plugins.extensions(TakeProfitMode.class)) {
            modes.putIfAbsent(mode.id(), mode);
        }
        return modes;
    }

    private Map<String, QueuePriorityRule> priorityRules() {
        Map<String, QueuePriorityRule> rules = new TreeMap<>();
        for (QueuePriorityRule rule : plugins.extensions(QueuePriorityRule.class)) {
            rules.putIfAbsent(rule.id(), rule);
        }
        // the user's queuePriority hook, one more rule of the chain (read on the loop, like the others)
        rules.put(dev.pyra.core.pool.HookQueueRule.ID, new dev.pyra.core.pool.HookQueueRule(() -> hooks,
                () -> trading.engine().hookContext()));
        return rules;
    }

    private static List<ConfigError> checkRiskSelector(PyraConfig cfg, Map<String, RiskSelector> selectors) {
        String id = cfg.risk().selector();
        return selectors.containsKey(id) ? List.of() : List.of(new ConfigError("$.risk.selector", "no installed risk selector '" + id
                + "' (installed: " + String.join(", ", selectors.keySet()) + ")"));
    }

    /** {@code GET /api/v1/stats} and the equity curve's CSV. */
    public dev.pyra.core.stats.Statistics statistics() {
        return statistics;
    }

    /** Writes an equity sample now (tests; the recorder samples by itself every minute while groups are open). */
    public void sampleEquityNow() {
        sampleEquity();
        equityRecorder.sampleNow();
    }

    /** {@code GET /api/v1/risk}: the risk panel, with the offsets of the last 30 days. */
    public RiskView risk() {
        return trading.risk(riskJournal.since(clock.instant().minus(java.time.Duration.ofDays(30))));
    }

    /**
     * The account's equity for the risk engine's guardrail: every venue's balances, stablecoins at
     * face value, other assets at their last price against USDT; assets without a price are left out.
     */
    private void sampleEquity() {
        try {
            BigDecimal total = BigDecimal.ZERO;
            List<dev.pyra.core.stats.Statistics.FreeBalance> free = new ArrayList<>();
            for (Venue venue : venues.all()) {
                List<dev.pyra.api.exchange.Balance> balances;
                try {
                    balances = venue.connector().balances();
                } catch (dev.pyra.api.exchange.ExchangeException e) {
                    if (e.kind() == dev.pyra.api.exchange.ErrorKind.AUTH && dev.pyra.api.exchange.ExchangeException.NO_KEY.equals(e.venueCode())) {
                        continue; // a venue without a key (there for its prices) holds no account of ours
                    }
                    throw e;
                }
                for (dev.pyra.api.exchange.Balance balance : balances) {
                    BigDecimal amount = balance.free().add(balance.locked());
                    if (amount.signum() == 0) {
                        continue;
                    }
                    if (STABLE.contains(balance.asset())) {
                        total = total.add(amount);
                        free.add(new dev.pyra.core.stats.Statistics.FreeBalance(venue.id(), balance.asset(), balance.free()));
                        continue;
                    }
                    Optional<SymbolRules> pair = venue.rules(balance.asset() + "USDT");
                    Optional<BigDecimal> price = pair.flatMap(p -> trading.lastPrice(venue.id(), p.symbol()));
                    if (price.isPresent()) {
                        total = total.add(amount.multiply(price.get()));
                    }
                }
            }
            trading.equitySampled(total);
            freeBalances = List.copyOf(free);
            statistics.accountEquity(total);
        } catch (RuntimeException e) {
            log.warn("Equity not sampled: {}", e.getMessage());
        }
    }

    private volatile Map<String, Health.VenueHealth> lastVenues = Map.of();

    /** A venue going up or down (rules lost, connector failing) is pushed to the browsers as it happens. */
    private void watchVenues() {
        try {
            Map<String, Health.VenueHealth> now = health().venues();
            if (!now.equals(lastVenues)) {
                lastVenues = now;
                feed.publish("venue.updated", Map.of("venues", now));
            }
        } catch (RuntimeException e) {
            log.debug("Venue watch failed: {}", e.getMessage());
        }
    }

    /** One moment of a group's story, for its timeline. */
    public record TimelineEvent(java.time.Instant at, String kind, String level, String text, Object data) {}

    /**
     * A group's story: the signals that opened its pyramids, every order and fill, and every
     * decision logged about it (queue, precision, take-profit, risk, closing) with its reason.
     */
    public List<TimelineEvent> timeline(long groupId) {
        Optional<dev.pyra.core.trading.GroupView> group = trading.group(groupId);
        if (group.isEmpty()) {
            return List.of();
        }
        List<TimelineEvent> events = new ArrayList<>();
        List<Long> signalIds = group.get().pyramids().stream().map(dev.pyra.core.trading.GroupView.PyramidView::signalId).toList();
        for (dev.pyra.core.signal.SignalRecord signal : signals.byIds(signalIds)) {
            events.add(new TimelineEvent(signal.receivedAt(), "signal", "INFO", "Signal " + signal.id() + ": " + signal.type() + " "
                    + signal.action() + " " + signal.venueSymbol() + " " + signal.timeframe() + " at " + signal.price() + " → "
                    + signal.status() + (signal.reason() == null ? "" : ": " + signal.reason()), signal));
        }
        for (dev.pyra.core.trading.OrderRecord order : trading.orders(groupId, 500)) {
            String what = switch (order.purpose()) {
                case "buy" -> "buy of leg " + order.pyramid() + "/" + order.leg() + ", " + order.type();
                case "take_profit" -> "take-profit sell of leg " + order.pyramid() + "/" + order.leg() + ", " + order.type();
                default -> "group sale, " + order.type();
            };
            events.add(new TimelineEvent(order.createdAt(), "order", order.error() == null ? "INFO" : "WARN", what + " "
                    + order.quantity().toPlainString()
                    + (order.price() == null ? "" : " @ " + order.price().toPlainString()) + " → " + order.status()
                    + (order.error() == null ? "" : ": " + order.error()), order));
            for (dev.pyra.core.trading.OrderRecord.FillRecord fill : order.fills()) {
                events.add(new TimelineEvent(fill.time(), "fill", "INFO", "fill of " + order.clientOrderId() + ": "
                        + fill.quantity().toPlainString() + " @ " + fill.price().toPlainString() + ", fee " + fill.commission().toPlainString()
                        + " " + fill.commissionAsset(), fill));
            }
        }
        for (dev.pyra.core.logs.LogEntry entry : logReader.read(new dev.pyra.core.logs.LogReader.Filter(null, "INFO", null, null, null,
                groupId, null, 500)).entries()) {
            events.add(new TimelineEvent(entry.at(), "log", entry.level(), entry.message(), Map.of("category", entry.category())));
        }
        events.sort(java.util.Comparator.comparing(TimelineEvent::at));
        return events;
    }

    private static final Set<String> STABLE = Set.of("USDT", "USDC", "USD", "BUSD", "FDUSD", "TUSD", "DAI");

    private static List<ConfigError> checkPriorityRules(PyraConfig cfg, Map<String, QueuePriorityRule> rules) {
        List<ConfigError> errors = new ArrayList<>();
        List<String> chain = cfg.pool().priorityRules();
        for (int i = 0; i < chain.size(); i++) {
            if (!rules.containsKey(chain.get(i))) {
                errors.add(new ConfigError("$.pool.priorityRules[" + i + "]", "no installed queue priority rule '" + chain.get(i)
                        + "' (installed: " + String.join(", ", rules.keySet()) + ")"));
            }
        }
        return errors;
    }

    private static List<ConfigError> checkTakeProfitMode(PyraConfig cfg, Map<String, TakeProfitMode> modes) {
        String mode = cfg.engine().takeProfit().mode();
        if (modes.containsKey(mode)) {
            return List.of();
        }
        return List.of(new ConfigError("$.engine.takeProfit.mode", "no installed take-profit mode '" + mode + "' (installed: "
                + String.join(", ", modes.keySet()) + ")"));
    }

    /**
     * {@code POST /api/v1/hooks/{name}/dry-run}: {@code source} (a draft; else the saved file),
     * {@code signalId} (a stored signal) or {@code signal} (a sample in the webhook's format, no
     * secret) for the hooks that take one — by default a paper BTCUSDT entry at the last price —
     * and {@code input} (the arguments, typed by the user) instead of the engine's.
     */
    public dev.pyra.core.trading.HookDryRuns.Report dryRunHook(dev.pyra.core.hooks.HookName name, JsonNode body) {
        JsonNode source = body.path("source");
        if (!source.isMissingNode() && !source.isNull() && !source.isString()) {
            throw new BadRequestException("source", "must be the hook's source as a string");
        }
        JsonNode input = body.path("input");
        if (!input.isMissingNode() && !input.isNull() && !input.isArray()) {
            throw new BadRequestException("input", "must be an array: the hook's arguments in order, e.g. [signal, context]");
        }
        dev.pyra.core.signal.StoredSignal signal = null;
        if (name == dev.pyra.core.hooks.HookName.filterSignal || name == dev.pyra.core.hooks.HookName.adjustLadder) {
            if (body.hasNonNull("signalId")) {
                if (!body.get("signalId").canConvertToLong()) {
                    throw new BadRequestException("signalId", "must be a signal's id");
                }
                long id = body.get("signalId").asLong();
                signal = signals.stored(id).orElseThrow(() -> new BadRequestException("signalId", "no stored signal " + id
                        + " that the webhook took (a rejected body has nothing to try)"));
            } else {
                signal = sampleSignal(body.path("signal"));
            }
        }
        List<Object> arguments = input.isArray() ? Json.MAPPER.convertValue(input, new tools.jackson.core.type.TypeReference<List<Object>>() {})
                : null;
        return hookDryRuns.run(name, source.isString() ? source.asString() : null, signal, arguments);
    }

    /** A sample signal for a dry run, through the webhook's own parsing: the one given, or a paper BTCUSDT entry at the last price. */
    private dev.pyra.core.signal.StoredSignal sampleSignal(JsonNode given) {
        tools.jackson.databind.node.ObjectNode sample = Json.MAPPER.createObjectNode();
        if (given.isObject()) {
            sample.setAll((tools.jackson.databind.node.ObjectNode) given);
        } else {
            sample.put("exchange", "paper");
            sample.put("symbol", "BTCUSDT");
            sample.put("timeframe", "60");
            sample.put("action", "buy");
            sample.put("type", "entry");
            sample.put("price", trading.lastPrice("paper", "BTCUSDT").orElse(new java.math.BigDecimal("60000")).toPlainString());
        }
        sample.remove("secret");
        try {
            return new dev.pyra.core.signal.StoredSignal(0, new SignalParser(new VenueDirectory()).parse(sample), clock.instant());
        } catch (dev.pyra.core.signal.BadSignalException e) {
            throw new BadRequestException("signal." + e.field(), e.detail());
        }
    }

    /** The user's JavaScript hooks (the Hooks page, {@code /api/v1/hooks}). */
    public dev.pyra.core.hooks.JsHooks hooks() {
        return hooks;
    }

    public Trading trading() {
        return trading;
    }

    private String webhookSecret() {
        return environment.webhookSecret().orElseGet(() -> config.config().webhook().secret());
    }

    public ConfigStore config() {
        return config;
    }

    /** The JSON-lines log, read through a filter ({@code GET /api/v1/logs}). */
    public dev.pyra.core.logs.LogReader logs() {
        return logReader;
    }

    public Logins logins() {
        return logins;
    }

    /** The fields of an exchange's keys; {@code webhook} holds the webhook's own secrets. */
    public static final java.util.Set<String> EXCHANGE_KEY_FIELDS = java.util.Set.of("apiKey", "apiSecret", "passphrase", "privateKey");
    public static final java.util.Set<String> WEBHOOK_KEY_FIELDS = java.util.Set.of("secret", "hmacKey");
    public static final java.util.Set<String> DATABASE_KEY_FIELDS = java.util.Set.of("password");

    /** One stored secret as {@code GET /api/v1/keys} shows it: masked, and when it was set. */
    public record KeyView(String masked, java.time.Instant setAt, long keyVersion) {}

    /** Every stored secret but the embedded database's own, masked, by owner ({@code binance}, {@code webhook}, {@code database}) and field. */
    public Map<String, Map<String, KeyView>> keys() {
        Map<String, Map<String, KeyView>> byOwner = new TreeMap<>();
        for (KeyStore.Listed listed : keys.list("")) {
            String name = listed.name();
            String owner;
            String field;
            if (name.startsWith("exchanges.")) {
                String rest = name.substring("exchanges.".length());
                owner = rest.substring(0, rest.lastIndexOf('.'));
                field = rest.substring(rest.lastIndexOf('.') + 1);
            } else if (name.equals(EmbeddedDatabase.PASSWORD_ENTRY)) {
                continue; // Pyra's own, never the user's to see or change
            } else {
                owner = name.substring(0, name.indexOf('.'));
                field = name.substring(name.indexOf('.') + 1);
            }
            byOwner.computeIfAbsent(owner, o -> new TreeMap<>()).put(field, new KeyView(listed.masked(), listed.setAt(), listed.keyId()));
        }
        return byOwner;
    }

    /**
     * {@code PUT /api/v1/keys/{owner}}: stores an exchange's API keys (or the webhook's secret and
     * HMAC key) encrypted; an empty or masked value keeps the stored one. A running venue is
     * reconnected with them when nothing is working on it; what must wait is answered.
     */
    public synchronized List<String> putKeys(String owner, Map<String, String> values) {
        if (!owner.equals("webhook") && !owner.equals("database") && !venues.installed().containsKey(owner)) {
            throw new BadRequestException("exchange", "no installed exchange '" + owner + "' (installed: "
                    + String.join(", ", venues.installed().keySet()) + "; or 'webhook' for the webhook's secret and HMAC key, "
                    + "'database' for an external database's password)");
        }
        java.util.Set<String> fields = keyFields(owner);
        for (String field : values.keySet()) {
            if (!fields.contains(field)) {
                throw new BadRequestException(field, "not a key field of " + owner + " (one of " + String.join(", ", new TreeSet<>(fields)) + ")");
            }
        }
        PyraConfig before = config.config();
        values.forEach((field, value) -> {
            if (value != null && !value.isBlank() && !dev.pyra.core.security.Secret.looksMasked(value)) {
                keys.put(keyName(owner, field), value.trim());
            }
        });
        log.info("Keys of {} set: {}", owner, String.join(", ", new TreeSet<>(values.keySet())));
        config.reloadSecrets();
        return applyExchangeChanges(before, config.config());
    }

    /** {@code DELETE /api/v1/keys/{owner}}: removes every stored key of it; answers whether there were any. */
    public synchronized boolean removeKeys(String owner) {
        PyraConfig before = config.config();
        boolean removed = false;
        for (String field : keyFields(owner)) {
            removed |= keys.remove(keyName(owner, field));
        }
        if (removed) {
            log.info("Keys of {} removed", owner);
            config.reloadSecrets();
            applyExchangeChanges(before, config.config());
        }
        return removed;
    }

    private static java.util.Set<String> keyFields(String owner) {
        return switch (owner) {
            case "webhook" -> WEBHOOK_KEY_FIELDS;
            case "database" -> DATABASE_KEY_FIELDS;
            default -> EXCHANGE_KEY_FIELDS;
        };
    }

    private static String keyName(String owner, String field) {
        return owner.equals("webhook") || owner.equals("database") ? owner + "." + field : "exchanges." + owner + "." + field;
    }

    /** Protects the key store with a passphrase (empty: a key file again); every entry is re-encrypted. */
    public void changeKeystorePassphrase(char[] passphrase) {
        keys.changePassphrase(passphrase);
        log.info("Key store re-encrypted under {}", passphrase.length == 0 ? "a key file" : "a new passphrase");
    }

    public boolean keystoreProtectedByPassphrase() {
        return keys.passphraseProtected();
    }

    public WebhookIntake webhook() {
        return webhook;
    }

    public WebhookGuard webhookGuard() {
        return webhookGuard;
    }

    public Environment environment() {
        return environment;
    }

    public List<SignalRecord> signals(int limit, Long beforeId) {
        return signals.list(limit, beforeId);
    }

    public Optional<SignalRecord> signal(long id) {
        return signals.byIds(List.of(id)).stream().findFirst();
    }

    /**
     * Applies changed exchange sections to running venues at once: a venue with nothing working on
     * it is reconnected with its new settings (network, keys, base URL). What cannot apply now is
     * returned with the reason: switching a venue on or off needs a restart, and a venue with open
     * groups, queued signals or working orders keeps its connection until they are done.
     */
    public synchronized List<String> applyExchangeChanges(PyraConfig before, PyraConfig after) {
        List<String> pending = new ArrayList<>();
        Set<String> ids = new TreeSet<>(before.exchanges().keySet());
        ids.addAll(after.exchanges().keySet());
        for (String id : ids) {
            Map<String, Object> was = before.exchanges().getOrDefault(id, Map.of());
            Map<String, Object> now = after.exchanges().getOrDefault(id, Map.of());
            if (was.equals(now)) {
                continue;
            }
            Optional<Venue> running = venues.get(id);
            if (running.isPresent() != after.enabledExchanges().containsKey(id)) {
                pending.add(id + ": switching a venue on or off applies after a restart");
            } else if (running.isPresent() && running.get().simulatedMarket().isPresent()) {
                pending.add(id + ": paper settings apply after a restart");
            } else if (running.isPresent()) {
                reconnect(running.get(), now).ifPresent(pending::add);
            }
        }
        return pending;
    }

    /** Reconnects a venue with new settings if nothing is working on it; else why not. */
    private Optional<String> reconnect(Venue venue, Map<String, Object> settings) {
        Venue.Replacement replacement;
        try {
            replacement = venues.prepare(venue.id(), settings);
        } catch (RuntimeException e) {
            return Optional.of(venue.id() + ": cannot reconnect (" + e.getMessage() + "); the change applies after a restart");
        }
        AutoCloseable[] replaced = new AutoCloseable[1];
        boolean swapped;
        try {
            swapped = trading.whenIdle(venue.id(), () -> replaced[0] = replacement.swapIn());
        } catch (RuntimeException e) {
            replacement.discard();
            return Optional.of(venue.id() + ": cannot reconnect (" + e.getMessage() + "); the change applies after a restart");
        }
        if (!swapped) {
            replacement.discard();
            return Optional.of(venue.id() + ": has open groups, queued signals or working orders; the change applies once they are done and Pyra restarts");
        }
        try {
            replaced[0].close();
        } catch (Exception e) {
            log.warn("Venue {}: the replaced connection did not close cleanly: {}", venue.id(), e.getMessage());
        }
        log.info("Venue {} reconnected on {} with {} symbols", venue.id(), venue.network(), venue.symbolCount());
        return Optional.empty();
    }

    /** A venue an installed plugin provides: whether it is switched on, on which network, and running. */
    public record VenueEntry(String venue, String plugin, boolean enabled, boolean running, String network) {}

    /** The plugin manager's view of the exchanges: every installed venue with its network. */
    public List<VenueEntry> venueCatalog() {
        PyraConfig cfg = config.config();
        List<VenueEntry> entries = new ArrayList<>();
        venues.installed().forEach((id, plugin) -> {
            Optional<Venue> running = venues.get(id);
            String configured = new ConnectorConfig(id, cfg.exchanges().getOrDefault(id, Map.of())).testnet() ? "testnet" : "mainnet";
            String network = running.map(v -> v.simulatedMarket().isPresent() ? "simulated" : v.network()).orElse(configured);
            entries.add(new VenueEntry(id, plugin, cfg.enabledExchanges().containsKey(id), running.isPresent(), network));
        });
        return entries;
    }

    public List<PluginInfo> plugins() {
        return plugins.plugins();
    }

    public Venues venues() {
        return venues;
    }

    /** Moves the paper market: the simulator fills what the prices cross, then the engine sees the ticks. */
    /** {@code POST /api/v1/precision/check}: an order as Pyra would send it (see {@link PrecisionCheck}). */
    public PrecisionCheck.Answer checkPrecision(JsonNode body) {
        if (body != null && body.isObject() && body.get("exchange") != null && body.get("exchange").isString()) {
            String exchange = body.get("exchange").asString();
            venues.get(exchange).orElseThrow(() -> new BadRequestException("exchange", "unknown exchange '" + exchange + "'"));
        }
        return PrecisionCheck.run(body, venues, precision);
    }

    /**
     * Real venues: their last prices of the watched symbols, and a poll of working orders (they
     * push no order updates yet; the poll is also the re-sync a push stream would need). A paper
     * venue with a {@code priceSource} follows that venue's live prices.
     */
    private void startFeeds(PyraConfig cfg) {
        priceFeed = new PriceFeed(trading::watchedSymbols, this::applyTicks);
        resources.push(priceFeed);
        for (Venue venue : venues.all()) {
            ConnectorConfig settings = new ConnectorConfig(venue.id(), cfg.exchanges().getOrDefault(venue.id(), Map.of()));
            java.time.Duration pricesEvery = java.time.Duration.ofSeconds(settings.decimal("pricePollSeconds").map(BigDecimal::longValue).orElse(5L));
            if (venue.simulatedMarket().isPresent()) {
                String source = settings.string("priceSource").orElse("");
                if (!source.isBlank()) {
                    try {
                        priceFeed.poll(venue, venues.priceSource(source, cfg.exchanges().getOrDefault(source, Map.of())), pricesEvery);
                    } catch (RuntimeException e) {
                        log.error("Venue {}: cannot follow the prices of {}: {}", venue.id(), source, e.getMessage());
                    }
                }
                continue;
            }
            if (venue.connector().capabilities().contains(Capability.MARKET_DATA)) {
                priceFeed.poll(venue, venue, pricesEvery);
            }
            // a venue pushing order updates is still asked now and then: the safety net under its stream
            boolean pushes = venue.connector().capabilities().contains(Capability.ORDER_UPDATES);
            String key = pushes ? "resyncSeconds" : "orderPollSeconds";
            trading.pollOrdersEvery(venue.id(),
                    java.time.Duration.ofSeconds(settings.decimal(key).map(BigDecimal::longValue).orElse(pushes ? 60L : 5L)));
        }
        venues.onResync(trading::pollOrdersNow);
    }

    /** Ticks reach a simulated market first (it fills what they cross), then the engine. */
    private void applyTicks(String venueId, List<PriceTick> ticks) {
        venues.get(venueId).flatMap(Venue::simulatedMarket).ifPresent(market -> PaperTicks.apply(market, ticks));
        engine.onTicks(venueId, ticks);
    }

    public int applyPaperTicks(String venueId, JsonNode body) {
        Venue venue = venues.get(venueId).orElseThrow(() -> new BadRequestException("exchange", "unknown exchange '" + venueId + "'"));
        var market = venue.simulatedMarket().orElseThrow(() ->
                new BadRequestException("exchange", "'" + venueId + "' is a real exchange; only simulated venues take ticks"));
        List<PriceTick> ticks = PaperTicks.parse(body, venue, clock);
        PaperTicks.apply(market, ticks);
        engine.onTicks(venueId, ticks);
        return ticks.size();
    }

    // ---- settings, plugins, the webhook helper (the web app's part-2 pages) ----------------------

    /** Review, preview, save, backup and restore of the config. */
    public dev.pyra.core.settings.Settings settings() {
        return settings;
    }

    /** The REST API's bearer tokens: the environment's and one generated in the web app. */
    public dev.pyra.core.security.ApiTokens apiTokens() {
        return apiTokens;
    }

    /** {@code GET /api/v1/system}: what runs where, for the settings page's "About" and for support. */
    /**
     * Settings → About and {@code GET /api/v1/system}.
     *
     * @param commit the git commit this build was made from ({@code unknown} outside a checkout)
     * @param java the Java runtime: version, vendor, and where it is (Pyra's own runtime, or an installed JDK)
     * @param updateCheck always {@code off}: Pyra makes no network call its user did not ask for
     */
    public record SystemInfo(String version, String commit, java.time.Instant startedAt, String dataDir, String configFile, String logsDir,
            List<String> pluginDirs, String uploadedPluginsDir, String database, boolean embeddedDatabase, String keyStore, String java,
            String javaHome, String os, String updateCheck) {}

    public SystemInfo system() {
        List<String> pluginDirs = options.pluginDirs().stream().map(Path::toString).toList();
        String db = embeddedDatabase ? "embedded PostgreSQL " + (database.isUp() ? database.serverVersion() : "(down)")
                : "external PostgreSQL " + (database.isUp() ? database.serverVersion() : "(down)");
        return new SystemInfo(PyraApi.VERSION, buildCommit(), startedAt, dir.root().toString(), config.file().toString(),
                dir.logsDir().toString(), pluginDirs, dir.pluginsDir().toString(), db, embeddedDatabase,
                keys.passphraseProtected() ? "passphrase" : "key file",
                Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")", System.getProperty("java.home"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), "off");
    }

    /** The commit the build recorded in {@code build.properties}. */
    private static String buildCommit() {
        try (java.io.InputStream in = Pyra.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties build = new java.util.Properties();
            build.load(in);
            return build.getProperty("commit", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** One installed extension: its id, and the plugin that provides it ({@code built-in} from the class path). */
    public record Extension(String id, String plugin) {}

    /** The ids the config may name, from the plugins that provide them (the settings forms' choices). */
    public Map<String, List<Extension>> extensions() {
        Map<String, List<Extension>> all = new LinkedHashMap<>();
        all.put("takeProfitModes", takeProfitModes.values().stream().map(m -> new Extension(m.id(), plugins.pluginIdOf(m))).toList());
        all.put("queuePriorityRules", priorityRules.values().stream().map(r -> new Extension(r.id(), plugins.pluginIdOf(r))).toList());
        all.put("riskSelectors", riskSelectors.values().stream().map(r -> new Extension(r.id(), plugins.pluginIdOf(r))).toList());
        all.put("exchanges", venues.installed().entrySet().stream().map(e -> new Extension(e.getKey(), e.getValue())).toList());
        return all;
    }

    /** {@code POST /api/v1/plugins}: an uploaded jar, checked and kept; it loads switched off at the next start. */
    public PluginInfo installPlugin(byte[] jar) {
        return plugins.install(jar);
    }

    /**
     * Switches a plugin on or off from the next start. Switching off one whose venue, take-profit
     * mode, queue rule or risk selector the config uses is refused: the next start would fail.
     */
    public void setPluginEnabled(String id, boolean enabled) {
        if (!enabled) {
            List<String> uses = pluginUses(id);
            if (!uses.isEmpty()) {
                throw new BadRequestException("id", "'" + id + "' is in use: " + String.join("; ", uses)
                        + ". Change that in the settings first");
            }
        }
        plugins.setEnabled(id, enabled);
    }

    public void removePlugin(String id) {
        List<String> uses = pluginUses(id);
        if (!uses.isEmpty()) {
            throw new BadRequestException("id", "'" + id + "' is in use: " + String.join("; ", uses) + ". Change that in the settings first");
        }
        plugins.remove(id);
    }

    private List<String> pluginUses(String id) {
        PyraConfig cfg = config.config();
        List<String> uses = new ArrayList<>();
        venues.installed().forEach((venue, plugin) -> {
            if (plugin.equals(id) && cfg.enabledExchanges().containsKey(venue)) {
                uses.add("it provides the venue '" + venue + "', switched on in exchanges." + venue);
            }
        });
        TakeProfitMode mode = takeProfitModes.get(cfg.engine().takeProfit().mode());
        if (mode != null && plugins.pluginIdOf(mode).equals(id)) {
            uses.add("it provides the take-profit mode '" + mode.id() + "' (engine.takeProfit.mode)");
        }
        for (String rule : cfg.pool().priorityRules()) {
            QueuePriorityRule provided = priorityRules.get(rule);
            if (provided != null && plugins.pluginIdOf(provided).equals(id)) {
                uses.add("it provides the queue rule '" + rule + "' (pool.priorityRules)");
            }
        }
        RiskSelector selector = riskSelectors.get(cfg.risk().selector());
        if (selector != null && plugins.pluginIdOf(selector).equals(id)) {
            uses.add("it provides the risk selector '" + selector.id() + "' (risk.selector)");
        }
        return uses;
    }

    /**
     * The webhook secret in clear, for the webhook helper: the caller has checked the user's
     * password again. Logged without the value.
     */
    public String revealWebhookSecret(String source) {
        log.info("Webhook secret shown to the logged-in user at {}", source);
        return webhookSecret();
    }

    /**
     * {@code POST /api/v1/webhook/test}: a signal sent to a simulated venue through the webhook's
     * own intake, as TradingView would send it (with the real secret). With a price, the paper
     * market first moves there, so a market entry has a price to fill at.
     */
    public dev.pyra.core.signal.WebhookAnswer testSignal(JsonNode request) {
        String exchange = request.path("exchange").asString("paper");
        Venue venue = venues.get(exchange).orElseThrow(() -> new BadRequestException("exchange", "no running venue '" + exchange + "'"));
        if (venue.simulatedMarket().isEmpty()) {
            throw new BadRequestException("exchange", "test signals go to simulated venues only; '" + exchange + "' trades real money");
        }
        String symbol = request.path("symbol").asString("BTCUSDT");
        String type = request.path("type").asString("entry");
        if (!List.of("entry", "exit").contains(type)) {
            throw new BadRequestException("type", "entry or exit");
        }
        String price = request.path("price").asString("");
        if (!price.isBlank()) {
            applyPaperTicks(exchange, Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode().put("symbol", symbol).put("price", price)));
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("secret", webhookSecret());
        body.put("exchange", exchange);
        body.put("symbol", symbol);
        body.put("timeframe", request.path("timeframe").asString("60"));
        body.put("type", type);
        body.put("action", type.equals("entry") ? "buy" : "sell");
        if (!price.isBlank()) {
            body.put("price", price);
        }
        body.put("id", "test-" + clock.millis());
        return webhook.receive(Json.MAPPER.writeValueAsBytes(body), "test signal from the web app");
    }

    public Health health() {
        boolean dbUp = database != null && database.isUp();
        String dbVersion = dbUp ? database.serverVersion() : null;
        List<PluginInfo> pluginList = plugins.plugins();
        int failed = (int) pluginList.stream().filter(p -> p.error() != null).count();
        Map<String, Health.VenueHealth> venueHealth = new LinkedHashMap<>();
        for (Venue venue : venues.all()) {
            boolean ready = venue.hasRules() && venue.error() == null;
            venueHealth.put(venue.id(), new Health.VenueHealth(ready ? "up" : "down", venue.symbolCount(), venue.error(),
                    venue.condition()));
        }
        venues.problems().forEach((id, problem) -> venueHealth.put(id, new Health.VenueHealth("down", 0, problem, null)));
        boolean allVenuesUp = venueHealth.values().stream().allMatch(v -> v.status().equals("up"));
        int hookThreadsGivenUp = hooks.givenUpThreads();
        String status = !dbUp || lockLost ? "down" : (failed == 0 && allVenuesUp && hookThreadsGivenUp == 0 ? "up" : "degraded");
        return new Health(status, PyraApi.VERSION,
                new Health.DatabaseHealth(dbUp ? "up" : "down", embeddedDatabase, dbVersion,
                        embedded == null ? 0 : embedded.restarts(), embedded != null && embedded.restarting()),
                new Health.PluginHealth(pluginList.size() - failed, failed),
                venueHealth,
                new Health.EngineHealth(engine.pendingEvents()),
                new Health.HooksHealth((int) hooks.statuses().stream().filter(dev.pyra.core.hooks.HookStatus::active).count(),
                        hookThreadsGivenUp));
    }

    private final List<Runnable> lockLostListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean lockLost;

    /** Called if this Pyra loses its database lock (its session died): it has stopped trading; the process should end. */
    public void onLockLost(Runnable listener) {
        lockLostListeners.add(listener);
    }

    /** Another instance may hold the lock by now: nothing more may reach a venue from here. */
    private void lockLost() {
        lockLost = true;
        if (engine != null) {
            haltEngine();
        }
        lockLostListeners.forEach(Runnable::run);
    }

    /**
     * Stops the engine the way {@code kill -9} would — queued events, unsent orders and unwritten
     * journal entries are lost — while venues and the database stay up (fault drills and tests:
     * a simulated venue lives in this process, so its market can still move). {@link #close()}
     * then releases the rest.
     */
    public void haltEngine() {
        equitySampler.shutdownNow();
        engine.halt();
        trading.halt();
        signals.halt(); // a webhook after the crash is refused (503, TradingView resends), not stored by a dead engine
    }

    @Override
    public void close() {
        equitySampler.shutdownNow();
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** The engine's view of the venues' rules; the venues start after the engine they report to. */
    private final class VenueRules implements SymbolRulesSource {
        @Override
        public Lookup find(String exchange, String symbol) {
            Venues started = venues;
            return started == null ? Lookup.missing("the venues are not started yet") : started.find(exchange, symbol);
        }

        @Override
        public void rejectedForPrecision(String exchange) {
            Venues started = venues;
            if (started != null) {
                started.rejectedForPrecision(exchange);
            }
        }
    }

    /** Signal validation's view of the venues. */
    private final class VenueDirectory implements SymbolDirectory {
        @Override
        public Set<String> exchanges() {
            return venues.idSet();
        }

        @Override
        public Optional<SymbolRules> rules(String exchange, String symbol) {
            Venue venue = venues.get(exchange).orElseThrow();
            if (!venue.hasRules()) {
                throw new BadSignalException(503, "exchange", "the symbol rules of '" + exchange + "' are not loaded yet; retry");
            }
            return venue.rules(symbol);
        }
    }
}
