package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The order poll's round: one list of open orders, then questions only about orders that moved. */
class OrderPollTest {
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<OrderReport> reports = new CopyOnWriteArrayList<>();
    private final Map<String, OrderReport> venueOrders = new ConcurrentHashMap<>();
    private volatile boolean listFails;

    private final ExchangeConnector venue = new ExchangeConnector() {
        @Override public String venue() { return "moon"; }
        @Override public Set<Capability> capabilities() { return Set.of(Capability.SPOT); }
        @Override public List<SymbolRules> symbolRules() { return List.of(); }
        @Override public List<Balance> balances() { return List.of(); }
        @Override public OrderReport placeOrder(OrderRequest request) { throw new AssertionError("nothing is placed by a poll"); }
        @Override public OrderReport cancelOrder(String symbol, String clientOrderId) { throw new AssertionError(); }

        @Override
        public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
            asked.add(clientOrderId);
            return Optional.ofNullable(venueOrders.get(clientOrderId));
        }

        @Override
        public List<OrderReport> openOrders() {
            if (listFails) {
                throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "503", "down");
            }
            return venueOrders.values().stream().filter(r -> !r.status().isTerminal()).toList();
        }
    };

    private final OrderGateway gateway = new OrderGateway(id -> venue, null, new OrderEvents() {
        @Override
        public void onReport(String venueId, OrderReport report) {
            reports.add(report);
        }

        @Override
        public void onOrderFailed(String venueId, String clientOrderId, ExchangeException error) {
            throw new AssertionError("a poll never fails an order");
        }

        @Override
        public boolean stillWanted(String clientOrderId) {
            return true;
        }
    });

    private static OrderReport report(String id, OrderStatus status, String executed) {
        return new OrderReport(id, "v-" + id, "BTCUSDT", Side.BUY, OrderType.LIMIT, status, new BigDecimal("60000"),
                new BigDecimal("0.001"), new BigDecimal(executed), List.of(), Instant.parse("2026-11-24T01:00:00Z"));
    }

    private List<TrackedOrder> working(int count) {
        List<TrackedOrder> orders = new ArrayList<>();
        for (int leg = 0; leg < count; leg++) {
            String id = TrackedOrder.clientOrderId(1, 0, leg, OrderPurpose.BUY, 0);
            orders.add(new TrackedOrder("moon", 1, 0, leg, OrderPurpose.BUY,
                    OrderRequest.limit(id, "BTCUSDT", Side.BUY, new BigDecimal("0.001"), new BigDecimal("60000"))));
            venueOrders.put(id, report(id, OrderStatus.NEW, "0"));
        }
        return orders;
    }

    @Test
    void manyRestingOrdersCostOneListAndAQuestionOnlyForThoseThatMoved() {
        List<TrackedOrder> orders = working(OrderGateway.LIST_FROM + 2);
        String filled = orders.get(3).request.clientOrderId();
        String partly = orders.get(5).request.clientOrderId();
        venueOrders.put(filled, report(filled, OrderStatus.FILLED, "0.001"));
        venueOrders.put(partly, report(partly, OrderStatus.PARTIALLY_FILLED, "0.0004"));

        gateway.reconcileAll("moon", orders);

        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 2);
        assertThat(asked).containsExactlyInAnyOrder(filled, partly);
        assertThat(reports).extracting(OrderReport::status).containsExactlyInAnyOrder(OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED);
    }

    @Test
    void withoutTheListEveryOrderIsAskedAbout() {
        listFails = true;
        List<TrackedOrder> orders = working(OrderGateway.LIST_FROM + 2);
        gateway.reconcileAll("moon", orders);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == orders.size());
        assertThat(reports).hasSize(orders.size());
    }

    @Test
    void aFewOrdersAreAskedAboutOneByOne() {
        List<TrackedOrder> orders = working(2);
        gateway.reconcileAll("moon", orders);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 2);
    }
}
