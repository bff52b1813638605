package dev.pyra.core.trading;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A spot venue in memory whose every answer a seeded {@link Random} may delay, lose or turn into
 * an error — the venue of the interleaving simulation. Deterministic for a seed: nothing here
 * reads the wall clock or runs a thread.
 *
 * <ul>
 *   <li>A placement may be lost (never lands), land later (it arrives at a random later step,
 *       within the request lifetime, or never), land and time out (the answer is lost), or be
 *       turned away (5xx, rate limit) before landing.
 *   <li>A cancel may fail before acting, or act and lose its answer; a status question may time out.
 *   <li>Every change is also pushed, and pushes are delivered in any order, or dropped.
 *   <li>Resting limits fill by price, then time, when a tick crosses them; market orders fill at
 *       once at the last price. A sale of more than the account holds is refused, as a venue would.
 * </ul>
 */
final class SimVenue implements ExchangeConnector {
    static final String ID = "sim";
    static final Duration LIFETIME = Duration.ofSeconds(20);
    private static final BigDecimal FEE_RATE = new BigDecimal("0.001");

    private final Random random;
    private final Clock clock;
    private final double faults;
    private final Map<String, SymbolRules> rules = new LinkedHashMap<>();
    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final Map<String, BigDecimal> last = new HashMap<>();
    private final Map<String, BigDecimal> held = new HashMap<>();
    private final List<Arrival> arriving = new ArrayList<>();
    private final List<OrderReport> pushes = new ArrayList<>();
    private long sequence;
    private long trades;
    /** Scripted tests: every cancel is refused with a 503 while set. */
    boolean cancelsFail;

    private record Arrival(OrderRequest request, Instant sentAt) {}

    private static final class SimOrder {
        final OrderRequest request;
        final long sequence;
        OrderStatus status = OrderStatus.NEW;
        BigDecimal executed = BigDecimal.ZERO;
        final List<Fill> fills = new ArrayList<>();
        Instant updatedAt;

        SimOrder(OrderRequest request, long sequence) {
            this.request = request;
            this.sequence = sequence;
        }

        boolean open() {
            return !status.isTerminal();
        }

        BigDecimal remaining() {
            return request.quantity().subtract(executed);
        }

        OrderReport report() {
            return new OrderReport(request.clientOrderId(), "v" + sequence, request.symbol(), request.side(), request.type(), status,
                    request.price(), request.quantity(), executed, fills, updatedAt);
        }
    }

    /** @param faults how often an answer goes wrong, 0 (never) to about 0.5 */
    SimVenue(Random random, Clock clock, double faults, List<SymbolRules> symbols) {
        this.random = random;
        this.clock = clock;
        this.faults = faults;
        symbols.forEach(s -> rules.put(s.symbol(), s));
    }

    private boolean roll(double probability) {
        return random.nextDouble() < probability * faults * 4;
    }

    @Override
    public String venue() {
        return ID;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS, Capability.ORDER_UPDATES);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        return List.copyOf(rules.values());
    }

    @Override
    public List<Balance> balances() {
        return List.of();
    }

    @Override
    public Duration requestLifetime() {
        return LIFETIME;
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        SimOrder existing = orders.get(request.clientOrderId());
        if (existing != null) {
            return existing.report(); // the same client order id again: that order, never a second one
        }
        if (roll(0.05)) {
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "503", "sim is busy");
        }
        if (roll(0.05)) {
            throw new ExchangeException(ErrorKind.RATE_LIMITED, "429", "too many requests");
        }
        if (roll(0.04)) {
            throw new ExchangeException(ErrorKind.TIMEOUT, "timeout", "lost on the way");
        }
        if (roll(0.06)) {
            arriving.add(new Arrival(request, clock.instant()));
            throw new ExchangeException(ErrorKind.TIMEOUT, "timeout", "no answer in time (it is still on its way)");
        }
        SimOrder order = land(request);
        if (roll(0.05)) {
            throw new ExchangeException(ErrorKind.TIMEOUT, "timeout", "landed, but the answer was lost");
        }
        return order.report();
    }

    private SimOrder land(OrderRequest request) {
        SimOrder order = new SimOrder(request, ++sequence);
        order.updatedAt = clock.instant();
        BigDecimal price = last.get(request.symbol());
        if (request.side() == Side.SELL && held.getOrDefault(request.symbol(), BigDecimal.ZERO).compareTo(request.quantity()) < 0) {
            throw new ExchangeException(ErrorKind.INSUFFICIENT_BALANCE, "-2010", "Account has insufficient balance for requested action.");
        }
        orders.put(request.clientOrderId(), order);
        if (request.type() == OrderType.MARKET) {
            fill(order, price, order.remaining());
        } else if (crosses(order, price)) {
            fill(order, price, order.remaining());
        }
        push(order);
        return order;
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        if (cancelsFail || roll(0.06)) {
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "503", "sim is busy");
        }
        SimOrder order = orders.get(clientOrderId);
        if (order == null || !order.open()) {
            throw new ExchangeException(ErrorKind.UNKNOWN_ORDER, "-2011", "Unknown order sent.");
        }
        order.status = OrderStatus.CANCELED;
        order.updatedAt = clock.instant();
        push(order);
        if (roll(0.05)) {
            throw new ExchangeException(ErrorKind.TIMEOUT, "timeout", "cancelled, but the answer was lost");
        }
        return order.report();
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        if (roll(0.05)) {
            throw new ExchangeException(ErrorKind.TIMEOUT, "timeout", "no answer in time");
        }
        SimOrder order = orders.get(clientOrderId);
        return order == null ? Optional.empty() : Optional.of(order.report());
    }

    @Override
    public List<OrderReport> openOrders() {
        return orders.values().stream().filter(SimOrder::open).map(SimOrder::report).toList();
    }

    // ---- the simulation's side ---------------------------------------------------------------------

    /** Moves the market: resting limits that the price crosses fill, best price first, then oldest. */
    void tick(String symbol, BigDecimal price, BigDecimal quantity) {
        last.put(symbol, price);
        BigDecimal available = quantity;
        List<SimOrder> crossing = orders.values().stream()
                .filter(o -> o.open() && o.request.symbol().equals(symbol) && crosses(o, price))
                .sorted(Comparator.comparing((SimOrder o) -> o.request.side() == Side.BUY ? o.request.price().negate() : o.request.price())
                        .thenComparingLong(o -> o.sequence))
                .toList();
        for (SimOrder order : crossing) {
            if (available != null && available.signum() <= 0) {
                break;
            }
            BigDecimal part = available == null ? order.remaining() : order.remaining().min(available);
            fill(order, order.request.price(), part);
            if (available != null) {
                available = available.subtract(part);
            }
            push(order);
        }
    }

    /** Placements still on their way land now, if their request is still valid; later ones never will. */
    void deliverArrivals() {
        List<Arrival> due = new ArrayList<>(arriving);
        arriving.clear();
        for (Arrival arrival : due) {
            boolean valid = arrival.sentAt().plus(LIFETIME).isAfter(clock.instant()); // a venue refuses requests older than its window
            if (valid && !orders.containsKey(arrival.request().clientOrderId()) && random.nextBoolean()) {
                try {
                    land(arrival.request());
                } catch (ExchangeException refused) {
                    // a sale the account cannot cover is refused on arrival: nothing lands
                }
            } else if (valid && !orders.containsKey(arrival.request().clientOrderId())) {
                arriving.add(arrival); // still on its way
            }
        }
    }

    boolean hasArrivals() {
        return !arriving.isEmpty();
    }

    /** One pushed update, any of those waiting, or empty; a dropped push is left to the order poll. */
    Optional<OrderReport> nextPush(boolean drop) {
        if (pushes.isEmpty()) {
            return Optional.empty();
        }
        OrderReport report = pushes.remove(random.nextInt(pushes.size()));
        return drop ? Optional.empty() : Optional.of(report);
    }

    boolean hasPushes() {
        return !pushes.isEmpty();
    }

    BigDecimal lastPrice(String symbol) {
        return last.get(symbol);
    }

    /** The account's base-asset holding of a symbol, from every fill. */
    BigDecimal holding(String symbol) {
        return held.getOrDefault(symbol, BigDecimal.ZERO);
    }

    List<OrderReport> openOrdersNow() {
        return orders.values().stream().filter(SimOrder::open).map(SimOrder::report).toList();
    }

    /** Every order's client id the venue ever accepted, with how often it was placed (always once). */
    Map<String, OrderReport> everyOrder() {
        Map<String, OrderReport> all = new LinkedHashMap<>();
        orders.forEach((id, o) -> all.put(id, o.report()));
        return all;
    }

    private static boolean crosses(SimOrder order, BigDecimal price) {
        if (order.request.type() != OrderType.LIMIT || price == null) {
            return false;
        }
        return order.request.side() == Side.BUY ? price.compareTo(order.request.price()) <= 0 : price.compareTo(order.request.price()) >= 0;
    }

    private void fill(SimOrder order, BigDecimal price, BigDecimal quantity) {
        BigDecimal fee = price.multiply(quantity).multiply(FEE_RATE).setScale(8, RoundingMode.DOWN);
        order.fills.add(new Fill("T" + ++trades, price, quantity, fee, rules.get(order.request.symbol()).quoteAsset(), clock.instant()));
        order.executed = order.executed.add(quantity);
        order.status = order.remaining().signum() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        order.updatedAt = clock.instant();
        BigDecimal signed = order.request.side() == Side.BUY ? quantity : quantity.negate();
        held.merge(order.request.symbol(), signed, BigDecimal::add);
    }

    private void push(SimOrder order) {
        pushes.add(order.report());
    }
}
