package dev.pyra.core.trading;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.Placement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to venues off the event loop. Before an order leaves, its intent is recorded durably;
 * after a transient failure (timeout, reset, rate limit) the venue is asked about the client order
 * id before any retry, so an order is never placed twice nor marked failed without the venue's word.
 */
final class OrderGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.order");
    private final Placement placement;

    private final Function<String, ExchangeConnector> connectors;
    private final TradeJournal journal;
    private final OrderEvents events;
    /** An order whose placement ended without the venue's word, and since when no request of it can be on its way. */
    private record Doubt(TrackedOrder order, java.time.Instant since) {}

    /**
     * Sent again only once the venue still says it never got them after its
     * {@link ExchangeConnector#requestLifetime()}: until then a request that left may still land.
     */
    private final Map<String, Doubt> inDoubt = new ConcurrentHashMap<>();
    private final java.time.Clock clock;
    /** Every venue call runs here, off the loop: a virtual thread per call (tests run them in an order of their choosing). */
    private final ExecutorService io;

    OrderGateway(Function<String, ExchangeConnector> connectors, TradeJournal journal, OrderEvents events) {
        this(connectors, journal, events, java.time.Clock.systemUTC());
    }

    OrderGateway(Function<String, ExchangeConnector> connectors, TradeJournal journal, OrderEvents events, java.time.Clock clock) {
        this(connectors, journal, events, clock, Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("pyra-order-", 0).factory()),
                Placement.standard());
    }

    OrderGateway(Function<String, ExchangeConnector> connectors, TradeJournal journal, OrderEvents events, java.time.Clock clock,
            ExecutorService io, Placement placement) {
        this.placement = placement;
        this.clock = clock;
        this.connectors = connectors;
        this.journal = journal;
        this.events = events;
        this.io = io;
    }

    /** Runs a venue call for an order off the loop, logging under the order's correlation. */
    private void call(TrackedOrder order, Runnable task) {
        io.execute(() -> {
            dev.pyra.core.logs.Correlation.restore(order.correlation(), order.groupId);
            try {
                task.run();
            } finally {
                dev.pyra.core.logs.Correlation.clear();
            }
        });
    }

    void place(TrackedOrder order) {
        call(order, () -> {
            OrderRequest request = order.request;
            if (order.sentAt == null) {
                order.sentAt = clock.instant(); // Pyra's clock, not the database's: the request lifetime is measured on it
            }
            try {
                journal.recordIntent(order);
            } catch (RuntimeException e) {
                log.error("Order {} not sent: its intent could not be recorded ({})", request.clientOrderId(), e.getMessage());
                events.onOrderFailed(order.venue, request.clientOrderId(),
                        new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "pyra", "intent not recorded: " + e.getMessage(), e));
                return;
            }
            log.info("Sending {} {} {} {} {} @ {}", request.clientOrderId(), request.side(), request.type(),
                    request.quantity().toPlainString(), request.symbol(),
                    request.price() == null ? "market" : request.price().toPlainString());
            switch (placement.place(connectors.apply(order.venue), request)) {
                case Placement.Placed placed -> events.onReport(order.venue, placed.report());
                case Placement.Refused refused -> {
                    log.warn("Order {} refused by {}: {}", request.clientOrderId(), order.venue, refused.error().getMessage());
                    events.onOrderFailed(order.venue, request.clientOrderId(), refused.error());
                }
                // the order poller asks the venue again; nothing is re-sent blind
                // its request lifetime runs from now: a retry inside the placement may have left just before
                case Placement.InDoubt doubt -> {
                    inDoubt.put(request.clientOrderId(), new Doubt(order, clock.instant()));
                    log.error("Order {} in doubt: {} could not say whether it holds it ({}); asking again later",
                        request.clientOrderId(), order.venue, doubt.error().getMessage());
                }
            }
        });
    }

    /**
     * One round of the order poll: the venue's list of open orders first (one request), then a
     * question about each working order that is not resting untouched on that list: filled,
     * cancelled, partly filled, or left in doubt. Without the list, each order is asked about.
     */
    static final int LIST_FROM = 10;

    void reconcileAll(String venue, java.util.List<TrackedOrder> working) {
        if (working.isEmpty()) {
            return;
        }
        io.execute(() -> {
            java.util.Set<String> untouched = java.util.Set.of();
            // the list costs more than one question on some venues (Binance: 80 weight against 4)
            if (working.size() >= LIST_FROM) {
                try {
                    untouched = connectors.apply(venue).openOrders().stream()
                            .filter(r -> r.status() == dev.pyra.api.exchange.OrderStatus.NEW && r.executedQuantity().signum() == 0)
                            .map(OrderReport::clientOrderId).collect(java.util.stream.Collectors.toSet());
                } catch (ExchangeException e) {
                    log.debug("{} did not list its open orders ({}): asking about each", venue, e.getMessage());
                }
            }
            for (TrackedOrder order : working) {
                String id = order.request.clientOrderId();
                if (!untouched.contains(id) || inDoubt.containsKey(id)) {
                    reconcile(order);
                }
            }
        });
    }

    /**
     * Asks the venue about a working order (the order poller's round): its report applies once; an
     * order left in doubt by its placement is sent again only when the venue says it never got it.
     */
    void reconcile(TrackedOrder order) {
        call(order, () -> {
            String id = order.request.clientOrderId();
            try {
                ExchangeConnector connector = connectors.apply(order.venue);
                Optional<OrderReport> report = connector.orderStatus(order.request.symbol(), id);
                if (report.isPresent()) {
                    inDoubt.remove(id);
                    events.onReport(order.venue, report.get());
                    return;
                }
                Doubt doubt = inDoubt.get(id);
                if (doubt == null || doubt.since().plus(connector.requestLifetime()).isAfter(clock.instant())) {
                    return; // not ours to send, or it may still land: ask again next round
                }
                if (!inDoubt.remove(id, doubt)) {
                    return; // another round settled it
                }
                if (events.stillWanted(id)) {
                    log.warn("Order {} never reached {}: sending it again under the same client order id", id, order.venue);
                    place(order);
                } else {
                    events.onOrderFailed(order.venue, id, new ExchangeException(ErrorKind.UNKNOWN_ORDER, "pyra",
                            order.venue + " never got it, and it is no longer wanted"));
                }
            } catch (ExchangeException e) {
                log.warn("Cannot ask {} about order {}: {}", order.venue, id, e.getMessage());
            }
        });
    }

    /** The order is finished: nothing is left in doubt about it. */
    void settled(String clientOrderId) {
        inDoubt.remove(clientOrderId);
    }

    void cancel(String venue, String symbol, String clientOrderId) {
        io.execute(() -> {
            ExchangeConnector connector = connectors.apply(venue);
            try {
                events.onReport(venue, connector.cancelOrder(symbol, clientOrderId));
            } catch (ExchangeException e) {
                // already filled or cancelled: the venue's current word settles it
                try {
                    connector.orderStatus(symbol, clientOrderId).ifPresent(report -> events.onReport(venue, report));
                } catch (ExchangeException again) {
                    log.error("Cancel of {} failed and its status is unknown: {}", clientOrderId, again.getMessage());
                }
            }
        });
    }

    /**
     * After a restart: asks the venue about an order whose intent was recorded. Known, its report
     * applies. Unknown, it is left in doubt for the order poll, its request lifetime counted from
     * now (the last attempt before the stop may have left just before it); a venue whose requests
     * cannot outlive their call (lifetime zero: the paper simulator) has it sent again at once if
     * its group still wants it, or failed if not (a closing group's buy).
     */
    void recover(TrackedOrder order) {
        call(order, () -> {
            String id = order.request.clientOrderId();
            try {
                ExchangeConnector connector = connectors.apply(order.venue);
                Optional<OrderReport> report = connector.orderStatus(order.request.symbol(), id);
                if (report.isPresent()) {
                    events.onReport(order.venue, report.get());
                } else if (!connector.requestLifetime().isZero()) {
                    inDoubt.put(id, new Doubt(order, clock.instant()));
                } else if (events.stillWanted(id)) {
                    place(order);
                } else {
                    events.onOrderFailed(order.venue, id, new ExchangeException(ErrorKind.UNKNOWN_ORDER, "pyra",
                            order.venue + " never got it, and it is no longer wanted"));
                }
            } catch (ExchangeException e) {
                log.error("Cannot query {} on {}: {}", id, order.venue, e.getMessage());
                inDoubt.putIfAbsent(id, new Doubt(order, clock.instant()));
            }
        });
    }

    void halt() {
        io.shutdownNow();
    }

    @Override
    public void close() {
        io.shutdown();
        try {
            io.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
