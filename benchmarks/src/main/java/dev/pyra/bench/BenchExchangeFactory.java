package dev.pyra.bench;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pf4j.Extension;

/**
 * A venue that fills every order at once, in memory: the webhook benchmark measures Pyra, not a
 * simulator's bookkeeping. Only on the benchmark's class path.
 */
@Extension
public final class BenchExchangeFactory implements ExchangeConnectorFactory {
    static final BigDecimal PRICE = new BigDecimal("60000");

    @Override
    public String venue() {
        return "bench";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new ExchangeConnector() {
            private final Map<String, OrderReport> orders = new ConcurrentHashMap<>();
            private final AtomicLong trades = new AtomicLong();

            @Override
            public String venue() {
                return "bench";
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS);
            }

            @Override
            public List<SymbolRules> symbolRules() {
                return List.of(SymbolRules.builder("BTCUSDT", "BTC", "USDT").tickSize(new BigDecimal("0.01"))
                        .stepSize(new BigDecimal("0.00001")).quantityRange(new BigDecimal("0.00001"), new BigDecimal("9000"))
                        .notionalRange(new BigDecimal("10"), null).build());
            }

            @Override
            public List<Balance> balances() {
                return List.of();
            }

            @Override
            public OrderReport placeOrder(OrderRequest request) {
                return orders.computeIfAbsent(request.clientOrderId(), id -> {
                    BigDecimal price = request.price() == null ? PRICE : request.price();
                    BigDecimal fee = price.multiply(request.quantity()).movePointLeft(3);
                    Fill fill = new Fill("B" + trades.incrementAndGet(), price, request.quantity(), fee, "USDT", context.clock().instant());
                    return new OrderReport(id, id, request.symbol(), request.side(), request.type(), OrderStatus.FILLED, request.price(),
                            request.quantity(), request.quantity(), List.of(fill), context.clock().instant());
                });
            }

            @Override
            public OrderReport cancelOrder(String symbol, String clientOrderId) {
                return orders.get(clientOrderId);
            }

            @Override
            public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
                return Optional.ofNullable(orders.get(clientOrderId));
            }

            @Override
            public List<OrderReport> openOrders() {
                return List.of();
            }
        };
    }
}
