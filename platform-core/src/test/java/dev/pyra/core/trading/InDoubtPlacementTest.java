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
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.storage.BatchWriter;
import dev.pyra.core.storage.Database;
import dev.pyra.core.testing.MutableClock;
import dev.pyra.core.testing.TestPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A placement that timed out and that the venue does not know yet may still land: it is sent
 * again only by the order poll, once the venue's receive window is past, once, and only while
 * its group still wants it.
 */
class InDoubtPlacementTest {
    private static final Duration LIFETIME = Duration.ofSeconds(90);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    private final AtomicInteger placements = new AtomicInteger();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final List<OrderReport> reports = new CopyOnWriteArrayList<>();
    private final AtomicBoolean wanted = new AtomicBoolean(true);
    private volatile boolean venueAnswersPlacement;
    private Database database;
    private BatchWriter writer;
    private OrderGateway gateway;

    private final ExchangeConnector venue = new ExchangeConnector() {
        @Override public String venue() { return "moon"; }
        @Override public Set<Capability> capabilities() { return Set.of(Capability.SPOT); }
        @Override public List<SymbolRules> symbolRules() { return List.of(); }
        @Override public List<Balance> balances() { return List.of(); }
        @Override public OrderReport cancelOrder(String symbol, String clientOrderId) { throw new AssertionError(); }
        @Override public List<OrderReport> openOrders() { return List.of(); }

        @Override
        public OrderReport placeOrder(OrderRequest request) {
            placements.incrementAndGet();
            if (!venueAnswersPlacement) {
                throw new ExchangeException(ErrorKind.TIMEOUT, "timeout", "moon did not answer in time");
            }
            return new OrderReport(request.clientOrderId(), "v-1", request.symbol(), request.side(), request.type(), OrderStatus.NEW,
                    request.price(), request.quantity(), BigDecimal.ZERO, List.of(), clock.instant());
        }

        @Override
        public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
            return Optional.empty(); // the venue never got it
        }
    };

    private final TrackedOrder order = new TrackedOrder("moon", 7, 0, 1, OrderPurpose.BUY,
            OrderRequest.limit(TrackedOrder.clientOrderId(7, 0, 1, OrderPurpose.BUY, 0), "BTCUSDT", Side.BUY, new BigDecimal("0.001"),
                    new BigDecimal("60000")));

    @BeforeEach
    void start() {
        database = Database.open(TestPostgres.newDatabaseUrl(), null, null);
        writer = new BatchWriter("test-journal", database.jdbi());
        gateway = new OrderGateway(id -> venue, new TradeJournal(database.jdbi(), writer), new OrderEvents() {
            @Override
            public void onReport(String venueId, OrderReport report) {
                reports.add(report);
            }

            @Override
            public void onOrderFailed(String venueId, String clientOrderId, ExchangeException error) {
                failed.add(clientOrderId + ": " + error.kind());
            }

            @Override
            public boolean stillWanted(String clientOrderId) {
                return wanted.get();
            }
        }, clock);
    }

    @AfterEach
    void stop() {
        gateway.close();
        writer.close();
        database.close();
    }

    private void placeAndLeaveInDoubt() {
        gateway.place(order);
        await().atMost(Duration.ofSeconds(5)).until(() -> placements.get() == 1);
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(failed).as("a timeout is not a failure").isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void itIsNotSentAgainWhileTheRequestCouldStillLand() {
        placeAndLeaveInDoubt();
        clock.advance(LIFETIME.minusSeconds(1));
        gateway.reconcile(order);
        gateway.reconcile(order);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(placements.get()).isEqualTo(1);
    }

    @Test
    void pastTheWindowItIsSentAgainOnceHoweverManyRoundsAsk() {
        placeAndLeaveInDoubt();
        clock.advance(LIFETIME.plusSeconds(1));
        venueAnswersPlacement = true;
        for (int round = 0; round < 5; round++) {
            gateway.reconcile(order);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 1);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(placements.get()).isEqualTo(2);
    }

    @Test
    void aBuyItsGroupNoLongerWantsIsFailedNotSent() {
        placeAndLeaveInDoubt();
        wanted.set(false);
        clock.advance(LIFETIME.plusSeconds(1));
        gateway.reconcile(order);
        await().atMost(Duration.ofSeconds(5)).until(() -> failed.size() == 1);
        assertThat(failed.getFirst()).endsWith("UNKNOWN_ORDER");
        assertThat(placements.get()).isEqualTo(1);
    }
}
