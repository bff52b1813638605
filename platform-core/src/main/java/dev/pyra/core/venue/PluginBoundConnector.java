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
final class PluginBoundConnector implements ExchangeConnector, SimulatedMarket {
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
        return call(delegate::symbolRules);
    }

    @Override
    public List<Balance> balances() {
        return call(delegate::balances);
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        return call(() -> delegate.placeOrder(request));
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        return call(() -> delegate.cancelOrder(symbol, clientOrderId));
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        return call(() -> delegate.orderStatus(symbol, clientOrderId));
    }

    @Override
    public List<OrderReport> openOrders() {
        return call(delegate::openOrders);
    }

    @Override
    public List<PriceTick> lastPrices(java.util.Collection<String> symbols) {
        return call(() -> delegate.lastPrices(symbols));
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
