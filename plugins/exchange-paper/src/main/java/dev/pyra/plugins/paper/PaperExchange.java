package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SimulatedMarket;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated spot venue with Binance's symbol rules and error codes: the strict counterpart that
 * proves Pyra's orders would pass on a real exchange.
 *
 * <ul>
 *   <li>Market orders fill at once, in full, at the last ticked price.
 *   <li>Limit orders fill at their limit price when a tick crosses it (buy: tick ≤ limit; sell:
 *       tick ≥ limit), in price-time priority (the highest bid or lowest ask first, then the oldest),
 *       up to the tick's quantity when it has one. A limit order that
 *       already crosses the last price when placed fills at once at the last price.
 *   <li>The fee is {@code feePercent} of each fill's quote value, charged in the quote asset and
 *       rounded down to 8 decimals. Limit orders lock their quote (price × quantity plus the fee)
 *       or base asset until they fill or are cancelled.
 *   <li>A client order id the account has already used returns that order instead of placing
 *       again — stricter than Binance (which accepts a reused id once the first order is done),
 *       so a double placement by Pyra would show up here.
 * </ul>
 * The account is saved in the venue's state store after every change: balances, prices and open orders
 * whole, finished orders in archive chunks of 500 written once (see {@link PaperState}).
 */
final class PaperExchange implements ExchangeConnector, SimulatedMarket {
    private static final int FEE_SCALE = 8;
    private static final String STATE_KEY = "state";
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private final Map<String, SymbolFilters> filters = new LinkedHashMap<>();
    private final List<SymbolRules> rules;
    private final BigDecimal feeRate;
    private final ConnectorContext context;
    // amounts are written plain ("0.00001", not "1E-5") so the saved account reads like a statement
    private static final JsonMapper STATE_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Builds the reader of the saved account (Jackson's deserializers for it) ahead of the first start. */
    static void prepareStateReader() {
        STATE_JSON.readValue("{\"balances\":{},\"orders\":[],\"lastPrices\":{},\"nextOrderId\":1,\"nextTradeId\":1}", PaperState.class);
    }

    private final Map<String, BigDecimal> free = new TreeMap<>();
    private final Map<String, BigDecimal> locked = new TreeMap<>();
    private final Map<String, PaperOrder> orders = new LinkedHashMap<>();
    private final Map<String, BigDecimal> lastPrices = new HashMap<>();
    private long nextOrderId = 1;
    private long nextTradeId = 1;
    /** Finished orders written to archive chunks: never in the saved state again. */
    private final Set<String> archived = new java.util.HashSet<>();
    private int archivedChunks;
    private static final int ARCHIVE_CHUNK = 500;

    PaperExchange(List<SymbolFilters> symbols, BigDecimal feePercent, Map<String, BigDecimal> startingBalances, ConnectorContext context) {
        symbols.forEach(s -> filters.put(s.symbol(), s));
        this.rules = symbols.stream().map(SymbolFilters::toRules).toList();
        this.feeRate = feePercent.divide(HUNDRED);
        this.context = context;
        Optional<String> saved = context.state().get(STATE_KEY);
        if (saved.isPresent()) {
            restore(STATE_JSON.readValue(saved.get(), PaperState.class));
        } else {
            free.putAll(startingBalances);
            save();
        }
    }

    @Override
    public String venue() {
        return PaperExchangeFactory.VENUE;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS, Capability.ORDER_UPDATES,
                Capability.SIMULATED_MARKET);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        return rules;
    }

    @Override
    public synchronized List<Balance> balances() {
        List<Balance> balances = new ArrayList<>();
        TreeMap<String, BigDecimal> assets = new TreeMap<>(free);
        locked.keySet().forEach(asset -> assets.putIfAbsent(asset, BigDecimal.ZERO));
        assets.keySet().forEach(asset -> balances.add(new Balance(asset, amount(free, asset), amount(locked, asset))));
        return balances;
    }

    @Override
    public synchronized OrderReport placeOrder(OrderRequest request) {
        // Checked before anything else, on every order the account ever had, open or finished:
        // stricter than Binance, on purpose, so a retry that Pyra failed to make idempotent shows up
        // here as "the same order again" and never as a second placement.
        PaperOrder existing = orders.get(request.clientOrderId());
        if (existing != null) {
            return existing.report();
        }
        SymbolFilters symbol = filters.get(request.symbol());
        if (symbol == null) {
            throw BinanceErrors.invalidSymbol();
        }
        if (!symbol.trading()) {
            throw BinanceErrors.marketClosed();
        }
        BigDecimal last = lastPrices.get(request.symbol());
        if (request.type() == OrderType.MARKET && last == null) {
            throw BinanceErrors.noMarketPrice(request.symbol());
        }
        BinanceFilters.check(symbol, request, last);

        PaperOrder order = newOrder(request);
        boolean market = request.type() == OrderType.MARKET;
        if (request.side() == Side.BUY) {
            BigDecimal cost = withFee((market ? last : request.price()).multiply(request.quantity()));
            require(symbol.quoteAsset(), cost);
            if (!market) {
                move(free, locked, symbol.quoteAsset(), cost);
            }
        } else {
            require(symbol.baseAsset(), request.quantity());
            if (!market) {
                move(free, locked, symbol.baseAsset(), request.quantity());
            }
        }
        orders.put(order.clientOrderId, order);
        if (market || crosses(order, last)) {
            fill(order, symbol, last, order.quantity);
        }
        save();
        context.publish(order.report());
        return order.report();
    }

    @Override
    public synchronized OrderReport cancelOrder(String symbol, String clientOrderId) {
        PaperOrder order = orders.get(clientOrderId);
        if (order == null || !order.symbol.equals(symbol) || !order.isOpen()) {
            throw BinanceErrors.unknownOrder();
        }
        SymbolFilters filter = filters.get(symbol);
        if (order.side == Side.BUY) {
            move(locked, free, filter.quoteAsset(), withFee(order.price.multiply(order.remaining())));
        } else {
            move(locked, free, filter.baseAsset(), order.remaining());
        }
        order.status = OrderStatus.CANCELED;
        order.updatedAt = context.clock().instant();
        save();
        context.publish(order.report());
        return order.report();
    }

    @Override
    public synchronized Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        PaperOrder order = orders.get(clientOrderId);
        return order == null || !order.symbol.equals(symbol) ? Optional.empty() : Optional.of(order.report());
    }

    /** In the same process: a request the simulator did not take was never taken. */
    @Override
    public java.time.Duration requestLifetime() {
        return java.time.Duration.ZERO;
    }

    @Override
    public synchronized List<OrderReport> openOrders() {
        return orders.values().stream().filter(PaperOrder::isOpen).map(PaperOrder::report).toList();
    }

    @Override
    public synchronized void applyTicks(List<PriceTick> ticks) {
        for (PriceTick tick : ticks) {
            if (!filters.containsKey(tick.symbol())) {
                throw BinanceErrors.invalidSymbol();
            }
        }
        Map<String, PaperOrder> changed = new LinkedHashMap<>();
        for (PriceTick tick : ticks) {
            lastPrices.put(tick.symbol(), tick.price());
            // a print of q at p could have bought q from resting asks and sold q to resting bids: each side shares its own q
            match(tick, Side.BUY, changed);
            match(tick, Side.SELL, changed);
        }
        save();
        changed.values().forEach(order -> context.publish(order.report()));
    }

    /**
     * Fills the resting orders of one side that the tick crosses, in price-time priority as a
     * matching engine does: the highest bid (lowest ask) first, then the oldest at that price; up to
     * the tick's quantity when it has one. The order in which orders reached the venue decides only
     * between equal prices, so the same ticks fill the same legs on every run.
     */
    private void match(PriceTick tick, Side side, Map<String, PaperOrder> changed) {
        Comparator<PaperOrder> byPrice = Comparator.comparing(o -> o.price);
        List<PaperOrder> crossing = orders.values().stream()
                .filter(o -> o.side == side && o.isOpen() && o.symbol.equals(tick.symbol()) && crosses(o, tick.price()))
                .sorted((side == Side.BUY ? byPrice.reversed() : byPrice).thenComparingLong(o -> o.orderId))
                .toList();
        BigDecimal available = tick.quantity();
        for (PaperOrder order : crossing) {
            if (available != null && available.signum() <= 0) {
                return;
            }
            BigDecimal quantity = available == null ? order.remaining() : order.remaining().min(available);
            fill(order, filters.get(order.symbol), order.price, quantity);
            if (available != null) {
                available = available.subtract(quantity);
            }
            changed.put(order.clientOrderId, order);
        }
    }

    private PaperOrder newOrder(OrderRequest request) {
        PaperOrder order = new PaperOrder();
        order.clientOrderId = request.clientOrderId();
        order.orderId = nextOrderId++;
        order.symbol = request.symbol();
        order.side = request.side();
        order.type = request.type();
        order.status = OrderStatus.NEW;
        order.price = request.price();
        order.quantity = request.quantity();
        order.updatedAt = context.clock().instant();
        return order;
    }

    private static boolean crosses(PaperOrder order, BigDecimal price) {
        if (order.type != OrderType.LIMIT || price == null) {
            return false;
        }
        return order.side == Side.BUY ? price.compareTo(order.price) <= 0 : price.compareTo(order.price) >= 0;
    }

    /** Executes part of an order at a price, moving balances exactly and charging the fee in quote. */
    private void fill(PaperOrder order, SymbolFilters symbol, BigDecimal price, BigDecimal quantity) {
        BigDecimal quote = price.multiply(quantity);
        BigDecimal fee = quote.multiply(feeRate).setScale(FEE_SCALE, RoundingMode.DOWN).stripTrailingZeros();
        if (order.side == Side.BUY) {
            if (order.type == OrderType.LIMIT) {
                move(locked, free, symbol.quoteAsset(), withFee(order.price.multiply(quantity)));
            }
            add(free, symbol.quoteAsset(), quote.add(fee).negate());
            add(free, symbol.baseAsset(), quantity);
        } else {
            if (order.type == OrderType.LIMIT) {
                move(locked, free, symbol.baseAsset(), quantity);
            }
            add(free, symbol.baseAsset(), quantity.negate());
            add(free, symbol.quoteAsset(), quote.subtract(fee));
        }
        order.fills.add(new Fill("P" + nextTradeId++, price, quantity, fee, symbol.quoteAsset(), context.clock().instant()));
        order.executedQuantity = order.executedQuantity.add(quantity);
        order.status = order.remaining().signum() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        order.updatedAt = context.clock().instant();
    }

    private BigDecimal withFee(BigDecimal quote) {
        return quote.add(quote.multiply(feeRate));
    }

    private void require(String asset, BigDecimal amount) {
        if (amount(free, asset).compareTo(amount) < 0) {
            throw BinanceErrors.insufficientBalance();
        }
    }

    private static BigDecimal amount(Map<String, BigDecimal> balances, String asset) {
        return balances.getOrDefault(asset, BigDecimal.ZERO);
    }

    private static void add(Map<String, BigDecimal> balances, String asset, BigDecimal delta) {
        balances.merge(asset, delta, BigDecimal::add);
    }

    private static void move(Map<String, BigDecimal> from, Map<String, BigDecimal> to, String asset, BigDecimal amount) {
        add(from, asset, amount.negate());
        add(to, asset, amount);
    }

    private void save() {
        List<PaperOrder> unarchived = orders.values().stream().filter(o -> !archived.contains(o.clientOrderId)).toList();
        List<PaperOrder> finished = unarchived.stream().filter(o -> !o.isOpen()).toList();
        if (finished.size() >= ARCHIVE_CHUNK) {
            // a chunk of finished orders goes to the archive once; the state keeps what may still change
            List<PaperOrder> chunk = finished.subList(0, ARCHIVE_CHUNK);
            context.state().put("archive/" + archivedChunks, STATE_JSON.writeValueAsString(
                    new PaperState.Archive(chunk.stream().map(PaperState.Order::of).toList())));
            chunk.forEach(o -> archived.add(o.clientOrderId));
            archivedChunks++;
            unarchived = unarchived.stream().filter(o -> !archived.contains(o.clientOrderId)).toList();
        }
        Map<String, PaperState.Balance> balances = new TreeMap<>();
        TreeMap<String, BigDecimal> assets = new TreeMap<>(free);
        locked.keySet().forEach(asset -> assets.putIfAbsent(asset, BigDecimal.ZERO));
        assets.keySet().forEach(asset -> balances.put(asset, new PaperState.Balance(amount(free, asset), amount(locked, asset))));
        PaperState state = new PaperState(balances, unarchived.stream().map(PaperState.Order::of).toList(),
                new TreeMap<>(lastPrices), nextOrderId, nextTradeId, archivedChunks);
        context.state().put(STATE_KEY, STATE_JSON.writeValueAsString(state));
    }

    private void restore(PaperState state) {
        archivedChunks = state.archivedChunks() == null ? 0 : state.archivedChunks();
        for (int n = 0; n < archivedChunks; n++) {
            String chunk = context.state().get("archive/" + n).orElseThrow(() -> new IllegalStateException("paper archive chunk missing"));
            STATE_JSON.readValue(chunk, PaperState.Archive.class).orders().forEach(o -> {
                orders.put(o.clientOrderId(), o.toOrder());
                archived.add(o.clientOrderId());
            });
        }
        state.balances().forEach((asset, balance) -> {
            free.put(asset, balance.free());
            locked.put(asset, balance.locked());
        });
        state.orders().forEach(o -> orders.put(o.clientOrderId(), o.toOrder()));
        lastPrices.putAll(state.lastPrices());
        nextOrderId = state.nextOrderId();
        nextTradeId = state.nextTradeId();
    }
}
