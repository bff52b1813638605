package dev.pyra.launcher.venue;

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
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SimulatedMarket;
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
 * A test venue that, like Binance without BNB, takes a buy's fee (0.1 %) in the base asset it
 * delivers. Market orders only, filled at the last tick. On the launcher's test class path only.
 */
@Extension
public final class BaseFeeExchangeFactory implements ExchangeConnectorFactory {
    @Override
    public String venue() {
        return "basefee";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new Venue(context);
    }

    private static final class Venue implements ExchangeConnector, SimulatedMarket {
        private final ConnectorContext context;
        private final Map<String, OrderReport> orders = new ConcurrentHashMap<>();
        private final AtomicLong trades = new AtomicLong();
        private volatile BigDecimal last;

        Venue(ConnectorContext context) {
            this.context = context;
        }

        @Override
        public String venue() {
            return "basefee";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.SIMULATED_MARKET);
        }

        @Override
        public List<SymbolRules> symbolRules() {
            return List.of(SymbolRules.builder("ETHUSDT", "ETH", "USDT").tickSize(new BigDecimal("0.01"))
                    .stepSize(new BigDecimal("0.0001")).quantityRange(new BigDecimal("0.0001"), new BigDecimal("9000"))
                    .notionalRange(new BigDecimal("10"), null).build());
        }

        @Override
        public List<Balance> balances() {
            return List.of();
        }

        @Override
        public OrderReport placeOrder(OrderRequest request) {
            OrderReport report = orders.computeIfAbsent(request.clientOrderId(), id -> {
                BigDecimal quote = last.multiply(request.quantity());
                Fill fill = request.side() == Side.BUY
                        ? new Fill("F" + trades.incrementAndGet(), last, request.quantity(), request.quantity().movePointLeft(3), "ETH",
                                context.clock().instant())
                        : new Fill("F" + trades.incrementAndGet(), last, request.quantity(), quote.movePointLeft(3), "USDT",
                                context.clock().instant());
                return new OrderReport(id, id, request.symbol(), request.side(), request.type(), OrderStatus.FILLED, null,
                        request.quantity(), request.quantity(), List.of(fill), context.clock().instant());
            });
            context.publish(report);
            return report;
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

        @Override
        public void applyTicks(List<PriceTick> ticks) {
            last = ticks.getLast().price();
        }
    }
}
