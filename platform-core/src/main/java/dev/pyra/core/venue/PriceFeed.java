package dev.pyra.core.venue;

import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.SymbolRules;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls venues' public last prices for the symbols the engine watches and hands them on as ticks:
 * a real venue's own prices drive its take-profits and the risk engine; a paper venue may take its
 * prices from another venue's market ({@code priceSource}), so a strategy dry-runs on the real market.
 */
public final class PriceFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.market");

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-price-feed").daemon(true).factory());
    private final Function<String, Set<String>> watched;
    private final BiConsumer<String, List<PriceTick>> sink;
    private final Map<String, String> failing = new HashMap<>();

    /**
     * @param watched the venue symbols the engine wants prices for, per venue
     * @param sink where a venue's ticks go, under that venue's own symbols
     */
    public PriceFeed(Function<String, Set<String>> watched, BiConsumer<String, List<PriceTick>> sink) {
        this.watched = watched;
        this.sink = sink;
    }

    /** Every {@code every}, prices of {@code target}'s watched symbols from {@code source}'s market. */
    public void poll(Venue target, Venue source, Duration every) {
        poller.scheduleWithFixedDelay(() -> pollOnce(target, source), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Prices of {} come from {} every {} s", target.id(), source.id(), every.toSeconds());
    }

    /** One round; public for tests. */
    public void pollOnce(Venue target, Venue source) {
        try {
            Set<String> symbols = watched.apply(target.id());
            if (symbols.isEmpty()) {
                return;
            }
            // the same pair may be spelled differently on the source (BTC-USDT on OKX, BTCUSDT on paper)
            Map<String, String> sourceToTarget = new HashMap<>();
            for (String symbol : symbols) {
                String pair = target.rules(symbol).map(SymbolRules::pairKey).orElse(SymbolNames.pairKey(symbol));
                source.rules(pair).ifPresent(rules -> sourceToTarget.put(rules.symbol(), symbol));
            }
            if (sourceToTarget.isEmpty()) {
                return;
            }
            List<PriceTick> ticks = source.connector().lastPrices(sourceToTarget.keySet()).stream()
                    .filter(tick -> sourceToTarget.containsKey(tick.symbol()))
                    .map(tick -> new PriceTick(sourceToTarget.get(tick.symbol()), tick.price(), tick.time()))
                    .toList();
            if (!ticks.isEmpty()) {
                sink.accept(target.id(), ticks);
            }
            if (failing.remove(target.id()) != null) {
                log.info("Prices of {} from {} flow again", target.id(), source.id());
            }
        } catch (RuntimeException e) {
            // whatever it is, the next round tries again: an exception escaping would end the schedule for good
            // said once per outage, not every round
            if (!Objects.equals(failing.put(target.id(), e.getMessage()), e.getMessage())) {
                log.warn("No prices for {} from {}: {}", target.id(), source.id(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
