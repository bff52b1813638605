package dev.pyra.core.venue;

import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.precision.SymbolRulesSource;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.StateStore;
import dev.pyra.core.plugin.PluginHost;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The venues switched on in config, each created once from its plugin's factory. */
public final class Venues implements AutoCloseable, SymbolRulesSource {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final Map<String, Venue> venues;
    private final java.util.SortedSet<String> idSet;
    private final Map<String, String> problems;
    /** Venues not traded on but read for prices (a paper venue's {@code priceSource}). */
    private final Map<String, Venue> priceSources = new ConcurrentHashMap<>();
    private PluginHost plugins;
    private Jdbi jdbi;
    private Clock clock;
    private BiConsumer<String, OrderReport> sink;

    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-rules-refresh").daemon(true).factory());
    private final Map<String, Boolean> refreshQueued = new ConcurrentHashMap<>();
    private volatile Supplier<PyraConfig.Precision> settings;

    private final ResyncRoute resyncs;

    Venues(Map<String, Venue> venues, Map<String, String> problems) {
        this(venues, problems, new ResyncRoute());
    }

    private Venues(Map<String, Venue> venues, Map<String, String> problems, ResyncRoute resyncs) {
        this.venues = venues;
        this.idSet = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(venues.keySet()));
        this.problems = problems;
        this.resyncs = resyncs;
    }

    /** Refreshes every venue's symbol rules on the configured interval, from now on. */
    public void refreshRulesEvery(Supplier<PyraConfig.Precision> precision) {
        this.settings = precision;
        refresher.schedule(this::refreshAllAndReschedule, precision.get().refreshMinutes(), TimeUnit.MINUTES);
    }

    private void refreshAllAndReschedule() {
        try {
            venues.values().forEach(Venue::refreshRules);
            priceSources.values().forEach(Venue::refreshRules);
        } finally {
            refresher.schedule(this::refreshAllAndReschedule, settings.get().refreshMinutes(), TimeUnit.MINUTES);
        }
    }

    @Override
    public Lookup find(String exchange, String symbol) {
        Venue venue = venues.get(exchange);
        if (venue == null) {
            return Lookup.missing("the venue " + exchange + " is not running");
        }
        Supplier<PyraConfig.Precision> current = settings;
        Duration maxAge = current == null ? Duration.ofDays(1) : Duration.ofMinutes(current.get().maxRulesAgeMinutes());
        return venue.lookup(symbol, maxAge);
    }

    @Override
    public void rejectedForPrecision(String exchange) {
        Venue venue = venues.get(exchange);
        // one refresh at a time per venue, however many orders a rule change got rejected
        if (venue != null && refreshQueued.putIfAbsent(exchange, Boolean.TRUE) == null) {
            log.warn("Venue {} rejected an order for precision: refreshing its symbol rules now", exchange);
            refresher.execute(() -> {
                refreshQueued.remove(exchange);
                venue.refreshRules();
            });
        }
    }

    /**
     * @param orderUpdates where connectors' pushed order updates go (the engine's event loop)
     */
    /**
     * Lets each enabled venue's plugin read its reference data ahead ({@code ExchangeConnectorFactory.prepare}),
     * on the plugin loader's thread while the database starts; a failure is only logged: {@link #start} reports it.
     */
    public static PluginHost prepare(PluginHost plugins, java.util.Set<String> enabled) {
        for (ExchangeConnectorFactory factory : plugins.extensions(ExchangeConnectorFactory.class)) {
            if (enabled.contains(factory.venue())) {
                try {
                    ContextClassLoader.with(plugins.classLoaderOf(factory), () -> {
                        factory.prepare();
                        return null;
                    });
                } catch (RuntimeException e) {
                    log.debug("Venue {} did not prepare ahead: {}", factory.venue(), e.toString());
                }
            }
        }
        return plugins;
    }

    public static Venues start(
            Map<String, Map<String, Object>> enabled, PluginHost plugins, Jdbi jdbi, Clock clock, BiConsumer<String, OrderReport> orderUpdates) {
        Map<String, ExchangeConnectorFactory> factories = new LinkedHashMap<>();
        for (ExchangeConnectorFactory factory : plugins.extensions(ExchangeConnectorFactory.class)) {
            factories.putIfAbsent(factory.venue(), factory);
        }
        Map<String, Venue> venues = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        ResyncRoute resyncs = new ResyncRoute();
        enabled.forEach((id, settings) -> {
            ExchangeConnectorFactory factory = factories.get(id);
            if (factory == null) {
                problems.put(id, "no installed plugin provides the venue '" + id + "'");
                log.error("Venue {}: {}", id, problems.get(id));
                return;
            }
            try {
                ClassLoader loader = plugins.classLoaderOf(factory);
                ConnectorContext context = new HostContext(id, new DatabaseStateStore(jdbi, id), clock, orderUpdates, resyncs);
                ExchangeConnector connector = ContextClassLoader.with(loader, () -> factory.create(new ConnectorConfig(id, settings), context));
                Venue venue = new Venue(id, new PluginBoundConnector(connector, loader), network(id, settings), clock);
                venue.refreshRules();
                venues.put(id, venue);
                log.info("Venue {} ready with {} symbols", id, venue.symbolCount());
            } catch (RuntimeException e) {
                problems.put(id, "cannot start: " + e.getMessage());
                log.error("Venue {} cannot start", id, e);
            }
        });
        Venues started = new Venues(venues, problems, resyncs);
        started.plugins = plugins;
        started.jdbi = jdbi;
        started.clock = clock;
        started.sink = orderUpdates;
        return started;
    }

    /**
     * The venue to read prices from: a running one, or else one started for its public market data
     * only (no keys needed), with its config section if it has one.
     */
    public synchronized Venue priceSource(String id, Map<String, Object> settings) {
        Venue running = venues.get(id);
        if (running != null) {
            return running;
        }
        return priceSources.computeIfAbsent(id, missing -> {
            ExchangeConnectorFactory factory = factory(id);
            ClassLoader loader = plugins.classLoaderOf(factory);
            ConnectorContext context = new HostContext(id, new DatabaseStateStore(jdbi, id), clock, (v, r) -> {}, new ResyncRoute());
            // prices are public: the source gets no keys, so it opens no account stream either
            Map<String, Object> publicSettings = new java.util.HashMap<>(settings);
            publicSettings.keySet().removeAll(java.util.Set.of("apiKey", "apiSecret", "passphrase", "userStream", "streamUrl"));
            ExchangeConnector connector = ContextClassLoader.with(loader, () -> factory.create(new ConnectorConfig(id, publicSettings), context));
            Venue venue = new Venue(id, new PluginBoundConnector(connector, loader), network(id, settings), clock);
            venue.refreshRules();
            return venue;
        });
    }


    /**
     * A running venue's replacement made from new settings (its network, keys, base URL), its rules
     * loaded; nothing changes until it is swapped in. One at a time.
     */
    public synchronized Venue.Replacement prepare(String id, Map<String, Object> settings) {
        Venue venue = venues.get(id);
        if (venue == null) {
            throw new IllegalStateException("the venue " + id + " is not running");
        }
        ExchangeConnectorFactory factory = factory(id);
        ClassLoader loader = plugins.classLoaderOf(factory);
        ConnectorContext context = new HostContext(id, new DatabaseStateStore(jdbi, id), clock, sink, resyncs);
        ExchangeConnector connector = ContextClassLoader.with(loader, () -> factory.create(new ConnectorConfig(id, settings), context));
        PluginBoundConnector bound = new PluginBoundConnector(connector, loader);
        try {
            return venue.new Replacement(bound, network(id, settings));
        } catch (RuntimeException e) {
            bound.close();
            throw new IllegalStateException("cannot load its symbol rules with the new settings: " + e.getMessage(), e);
        }
    }

    /** Every venue an installed plugin provides, with the plugin that provides it. */
    public Map<String, String> installed() {
        Map<String, String> installed = new TreeMap<>();
        for (ExchangeConnectorFactory factory : plugins.extensions(ExchangeConnectorFactory.class)) {
            installed.putIfAbsent(factory.venue(), plugins.pluginIdOf(factory));
        }
        return installed;
    }

    private ExchangeConnectorFactory factory(String id) {
        return plugins.extensions(ExchangeConnectorFactory.class).stream().filter(f -> f.venue().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no installed plugin provides the venue '" + id + "'"));
    }

    private static String network(String id, Map<String, Object> settings) {
        return new ConnectorConfig(id, settings).testnet() ? "testnet" : "mainnet";
    }

    public Optional<Venue> get(String id) {
        return Optional.ofNullable(venues.get(id));
    }

    public Collection<Venue> all() {
        return venues.values();
    }

    /** Venues switched on in config that could not start, with the reason. */
    public Map<String, String> problems() {
        return problems;
    }

    public List<String> ids() {
        return List.copyOf(idSet);
    }

    /** The venue ids, sorted (read by every webhook: built once, the set of venues never changes). */
    public java.util.SortedSet<String> idSet() {
        return idSet;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        java.util.stream.Stream.concat(venues.values().stream(), priceSources.values().stream()).forEach(v -> {
            try {
                v.connector().close();
            } catch (Exception e) {
                log.warn("Venue {} did not close cleanly: {}", v.id(), e.getMessage());
            }
        });
    }

    /** Where a venue's request for a re-sync goes (the engine's order poll), once trading has started. */
    public void onResync(java.util.function.Consumer<String> handler) {
        resyncs.handler = handler;
    }

    /** Set once trading has started; until then a re-sync has nothing to check. */
    private static final class ResyncRoute {
        volatile java.util.function.Consumer<String> handler = venue -> {};
    }

    private record HostContext(String venue, StateStore state, Clock clock, BiConsumer<String, OrderReport> sink, ResyncRoute resyncs)
            implements ConnectorContext {
        @Override
        public void publish(OrderReport report) {
            sink.accept(venue, report);
        }

        @Override
        public void resync() {
            resyncs.handler.accept(venue);
        }
    }
}
