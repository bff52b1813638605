package dev.pyra.core.venue;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.SimulatedMarket;
import dev.pyra.api.exchange.SymbolRules;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs every call with the plugin's class loader as the thread's context class loader: libraries
 * inside plugins (XChange, Jackson) look things up through it (pf4j #474).
 */
public final class PluginBoundConnector implements ExchangeConnector, SimulatedMarket {
    private final ExchangeConnector delegate;
    private final ClassLoader loader;

    PluginBoundConnector(ExchangeConnector delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    boolean isSimulated() {
        return delegate instanceof SimulatedMarket;
    }

    private <T> T call(Supplier<T> action) {
        return ContextClassLoader.with(loader, action);
    }

    /** How the venue's calls went lately: the status console shows it. */
    public record CallStats(java.time.Instant lastCallAt, long lastMillis, double averageMillis, long calls, long failures, String lastError) {}

    private volatile CallStats stats = new CallStats(null, 0, 0, 0, 0, null);

    /** A call that goes to the venue: timed, and its failures counted. */
    private <T> T io(Supplier<T> action) {
        long start = System.nanoTime();
        try {
            T result = call(action);
            record(start, null);
            return result;
        } catch (RuntimeException e) {
            record(start, e.getMessage());
            throw e;
        }
    }

    private synchronized void record(long start, String error) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        CallStats s = stats;
        double average = s.calls() == 0 ? millis : s.averageMillis() * 0.8 + millis * 0.2;
        stats = new CallStats(java.time.Instant.now(), millis, average, s.calls() + 1, s.failures() + (error == null ? 0 : 1),
                error == null ? s.lastError() : error);
    }

    CallStats stats() {
        return stats;
    }

    @Override
    public String venue() {
        return delegate.venue();
    }

    @Override
    public Set<Capability> capabilities() {
        return call(delegate::capabilities);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        return io(delegate::symbolRules);
    }

    @Override
    public List<Balance> balances() {
        return io(delegate::balances);
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        return io(() -> delegate.placeOrder(request));
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        return io(() -> delegate.cancelOrder(symbol, clientOrderId));
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        return io(() -> delegate.orderStatus(symbol, clientOrderId));
    }

    @Override
    public List<OrderReport> openOrders() {
        return io(delegate::openOrders);
    }

    @Override
    public List<PriceTick> lastPrices(java.util.Collection<String> symbols) {
        return io(() -> delegate.lastPrices(symbols));
    }

    /** A plugin that fails to say is not allowed to break the health report. */
    @Override
    public Optional<String> condition() {
        try {
            return call(delegate::condition);
        } catch (RuntimeException e) {
            return Optional.of("the connector cannot say how it is (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public java.time.Duration requestLifetime() {
        return call(delegate::requestLifetime);
    }

    @Override
    public void applyTicks(List<PriceTick> ticks) {
        if (!(delegate instanceof SimulatedMarket market)) {
            throw new UnsupportedOperationException(delegate.venue() + " is not a simulated market");
        }
        call(() -> {
            market.applyTicks(ticks);
            return null;
        });
    }

    @Override
    public void close() {
        call(() -> {
            delegate.close();
            return null;
        });
    }
}
