package dev.pyra.plugins.gateio;

import dev.pyra.connector.Conditions;
import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.connector.RequestThrottle;
import dev.pyra.connector.Signing;
import dev.pyra.connector.VenueHttp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.gateio.GateioExchange;
import org.knowm.xchange.gateio.dto.account.GateioOrder;
import org.knowm.xchange.gateio.service.GateioTradeServiceRaw;
import tools.jackson.databind.JsonNode;

/**
 * Gate.io spot, API v4. Placing, asking about and cancelling an order go through XChange's Gate.io
 * v4 raw trade service, which addresses an order by Gate's {@code text} id as well as by its order
 * id; public data (currency pairs, tickers) and the signed reads XChange's DTOs do not carry in full
 * (accounts, personal trades with their fees, all open orders) come over the JDK client with Gate's
 * signature (HMAC-SHA512 over method, path, query, SHA-512 of the body and the timestamp).
 *
 * <p>Gate has no market buy by base quantity (a market buy's {@code amount} is quote currency), so
 * a market buy is sent as an immediate-or-cancel limit order for the base quantity, priced across
 * the book at the lowest ask plus {@code marketBuySlippage} (default 1 %, rounded up to the tick);
 * what the book cannot fill at that price expires. Reports show it, and every {@code ioc}/{@code fok}
 * order, as MARKET without a price, since Pyra's own limit orders are always GTC.
 *
 * <p>Gate finds an order by its {@code text} only while it rests and for an hour after it ends, so
 * the order id Gate answers a placement with is kept in the connector's state and used from then on.
 * Gate does not refuse a second order with the same {@code text}: a placement whose answer was lost
 * must be resolved by asking first (the host's {@code Placement} does).
 *
 * <p>Every call first passes the throttle: 200 requests per 10 s and 10 orders per second (Gate's
 * published spot limits: 200 r/10 s per endpoint for public and private calls, 10 r/s per pair for
 * placing), paused until {@code X-Gate-RateLimit-Reset-Timestamp} when Gate says a window is used up
 * (or for {@code Retry-After} on a 429). XChange's error for a 429 keeps no headers, so a
 * {@code TOO_MANY_REQUESTS} on an order call pauses for Gate's window instead (1 s placing, 10 s other).
 */
final class GateioConnector implements ExchangeConnector {
    static final String MAINNET = "https://api.gateio.ws";
    static final String TESTNET = "https://api-testnet.gateapi.io";
    static final String API = "/api/v4";
    private static final BigDecimal DEFAULT_MARKET_BUY_SLIPPAGE = new BigDecimal("0.01");
    private static final String EMPTY_BODY_SHA512 = Signing.sha512Hex("");

    private final boolean authenticated;
    private final String apiKey;
    private final String apiSecret;
    private final BigDecimal marketBuySlippage;
    private final RequestThrottle throttle = new RequestThrottle("gateio",
            List.of(new RequestThrottle.Limit("REQUESTS_10S", 200, Duration.ofSeconds(10))),
            List.of(new RequestThrottle.Limit("ORDERS_1S", 10, Duration.ofSeconds(1))));
    private final VenueHttp http;
    /** Null without keys: every signed call asks for them first. */
    private final GateioTradeServiceRaw trade;
    private final GateioClientIds ids;
    private final Clock clock;
    /** Symbol → rules, learned from the currency pairs. */
    private volatile Map<String, SymbolRules> rules = Map.of();

    GateioConnector(ConnectorConfig config, ConnectorContext context) {
        String baseUrl = hostOnly(config.baseUrl(MAINNET + API, TESTNET + API));
        Duration timeout = Duration.ofMillis(config.decimal("timeoutMillis").map(BigDecimal::longValue).orElse(10_000L));
        http = new VenueHttp("gateio", baseUrl, timeout, throttle, GateioErrors::read);
        http.watchHeaders(this::watchLimits);
        apiKey = config.string("apiKey").orElse("");
        apiSecret = config.string("apiSecret").orElse("");
        authenticated = !apiKey.isBlank() && !apiSecret.isBlank();
        marketBuySlippage = config.decimal("marketBuySlippage").filter(s -> s.signum() >= 0).orElse(DEFAULT_MARKET_BUY_SLIPPAGE);
        ids = new GateioClientIds(context == null ? null : context.state());
        clock = context == null ? Clock.systemUTC() : context.clock();
        trade = authenticated ? xchange(baseUrl, timeout) : null;
    }

    private GateioTradeServiceRaw xchange(String baseUrl, Duration timeout) {
        ExchangeSpecification spec = new ExchangeSpecification(GateioExchange.class);
        spec.setSslUri(baseUrl);
        spec.setHost(URI.create(baseUrl).getHost());
        spec.setShouldLoadRemoteMetaData(false); // rules come from our own currency_pairs call
        spec.setHttpReadTimeout((int) timeout.toMillis());
        spec.setHttpConnTimeout((int) timeout.toMillis());
        spec.setApiKey(apiKey);
        spec.setSecretKey(apiSecret);
        GateioExchange exchange = (GateioExchange) ExchangeFactory.INSTANCE.createExchange(spec);
        return (GateioTradeServiceRaw) exchange.getTradeService();
    }

    /** Gate documents its base URL with {@code /api/v4}; XChange and the signature want the host and the full path. */
    private static String hostOnly(String url) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base.endsWith(API) ? base.substring(0, base.length() - API.length()) : base;
    }

    @Override
    public String venue() {
        return "gateio";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS, Capability.MARKET_DATA, Capability.TESTNET);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        List<SymbolRules> parsed = GateioSymbolRules.parse(http.get(API + "/spot/currency_pairs", Map.of(), 1));
        Map<String, SymbolRules> learned = new HashMap<>();
        parsed.forEach(r -> learned.put(r.symbol(), r));
        rules = Map.copyOf(learned);
        return parsed;
    }

    @Override
    public List<PriceTick> lastPrices(Collection<String> symbols) {
        Set<String> wanted = new LinkedHashSet<>(symbols);
        if (wanted.isEmpty()) {
            return List.of();
        }
        JsonNode tickers = wanted.size() == 1
                ? http.get(API + "/spot/tickers?currency_pair=" + encode(wanted.iterator().next()), Map.of(), 1)
                : http.get(API + "/spot/tickers", Map.of(), 1);
        Instant now = clock.instant();
        List<PriceTick> ticks = new ArrayList<>();
        for (JsonNode ticker : tickers) {
            String symbol = ticker.path("currency_pair").asString();
            BigDecimal last = decimal(ticker, "last");
            if (wanted.contains(symbol) && last != null && last.signum() > 0) {
                ticks.add(new PriceTick(symbol, last, now));
            }
        }
        return ticks;
    }

    @Override
    public List<Balance> balances() {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode account : signedGet("/spot/accounts", "")) {
            BigDecimal free = decimalOrZero(account, "available");
            BigDecimal locked = decimalOrZero(account, "locked");
            if (free.add(locked).signum() > 0) {
                balances.add(new Balance(account.path("currency").asString(), free, locked));
            }
        }
        return balances;
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        requireKey();
        SymbolRules symbol = rules(request.symbol());
        String text = ids.toVenue(request.clientOrderId());
        GateioOrder.GateioOrderBuilder order = GateioOrder.builder().clientOrderId(text)
                .currencyPair(new CurrencyPair(symbol.baseAsset(), symbol.quoteAsset())).account("spot")
                .side(request.side() == Side.BUY ? Order.OrderType.BID : Order.OrderType.ASK).amount(request.quantity());
        if (request.type() == OrderType.LIMIT) {
            order.type("limit").price(request.price()).timeInForce("gtc");
        } else if (request.side() == Side.SELL) {
            order.type("market").timeInForce("ioc"); // a market sell's amount is base currency
        } else {
            order.type("limit").price(crossingPrice(symbol)).timeInForce("ioc");
        }
        GateioOrder placed = signed(true, () -> trade.createOrder(order.build()));
        if (placed == null || placed.getId() == null || placed.getStatus() == null) {
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "unreadable", "Gate.io's answer to placing " + request.clientOrderId()
                    + " could not be read; the order may have landed");
        }
        VenueOrder answer = VenueOrder.of(placed);
        ids.rememberOrderId(text, answer.id());
        try {
            return withFills(answer);
        } catch (ExchangeException e) {
            // the order is on the venue whatever asking for its fills meets: the order poll brings them
            return report(answer, List.of());
        }
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        requireKey();
        CurrencyPair pair = pair(symbol);
        String text = ids.toVenue(clientOrderId);
        String orderId = ids.orderId(text).orElse(text);
        try {
            return withFills(VenueOrder.of(signed(false, () -> trade.cancelOrderRaw(orderId, pair))));
        } catch (ExchangeException e) {
            if ("ORDER_CLOSED".equals(e.venueCode()) || "ORDER_CANCELLED".equals(e.venueCode())) {
                // it ended before the cancel arrived: its own report says how
                return orderStatus(symbol, clientOrderId).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        requireKey();
        CurrencyPair pair = pair(symbol);
        String text = ids.toVenue(clientOrderId);
        String orderId = ids.orderId(text).orElse(text);
        GateioOrder order;
        try {
            order = signed(false, () -> trade.getOrder(orderId, pair));
        } catch (ExchangeException e) {
            if (e.kind() == ErrorKind.UNKNOWN_ORDER) {
                return Optional.empty(); // ORDER_NOT_FOUND
            }
            throw e;
        }
        if (order == null || order.getId() == null || order.getStatus() == null) {
            // unreadable is not unknown: the order may be there
            throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "unreadable", "Gate.io's answer about " + clientOrderId + " could not be read");
        }
        VenueOrder answer = VenueOrder.of(order);
        ids.rememberOrderId(text, answer.id());
        return Optional.of(withFills(answer));
    }

    @Override
    public List<OrderReport> openOrders() {
        // fills are not listed here: the host asks each order whose executed quantity moved
        List<OrderReport> open = new ArrayList<>();
        for (JsonNode pair : signedGet("/spot/open_orders", "limit=100")) {
            for (JsonNode order : pair.path("orders")) {
                open.add(report(VenueOrder.of(order), List.of()));
            }
        }
        return open;
    }

    // ---- orders --------------------------------------------------------------------------

    /** Gate's order, from XChange's DTO or from JSON. */
    record VenueOrder(String id, String text, String symbol, Side side, String type, String timeInForce, BigDecimal amount,
            BigDecimal price, BigDecimal left, BigDecimal filledTotal, String status, String finishAs, Instant updatedAt) {

        static VenueOrder of(GateioOrder o) {
            CurrencyPair pair = o.getCurrencyPair();
            return new VenueOrder(o.getId(), o.getClientOrderId(), pair.getBase().getCurrencyCode() + "_" + pair.getCounter().getCurrencyCode(),
                    o.getSide() == Order.OrderType.BID ? Side.BUY : Side.SELL, o.getType(), o.getTimeInForce(), zeroIfNull(o.getAmount()),
                    o.getPrice(), zeroIfNull(o.getAmountLeftToFill()), zeroIfNull(o.getFilledTotalQuote()), o.getStatus(), o.getFinishAs(),
                    o.getUpdatedAt() != null ? o.getUpdatedAt() : o.getCreatedAt());
        }

        static VenueOrder of(JsonNode o) {
            long updated = o.path("update_time_ms").asLong(o.path("create_time_ms").asLong());
            return new VenueOrder(o.path("id").asString(), o.path("text").asString(null), o.path("currency_pair").asString(),
                    "buy".equals(o.path("side").asString()) ? Side.BUY : Side.SELL, o.path("type").asString("limit"),
                    o.path("time_in_force").asString("gtc"), decimalOrZero(o, "amount"), decimal(o, "price"), decimalOrZero(o, "left"),
                    decimalOrZero(o, "filled_total"), o.path("status").asString(), o.path("finish_as").asString(null),
                    updated > 0 ? Instant.ofEpochMilli(updated) : null);
        }

        /** A market buy made elsewhere states its amount in quote currency. */
        boolean quoteAmount() {
            return "market".equals(type) && side == Side.BUY;
        }

        boolean executedAny() {
            return quoteAmount() ? filledTotal.signum() > 0 : amount.compareTo(left) > 0;
        }

        OrderType pyraType() {
            return "market".equals(type) || "ioc".equals(timeInForce) || "fok".equals(timeInForce) ? OrderType.MARKET : OrderType.LIMIT;
        }
    }

    private OrderReport withFills(VenueOrder order) {
        return report(order, order.executedAny() ? fills(order.symbol(), order.id()) : List.of());
    }

    private OrderReport report(VenueOrder order, List<Fill> fills) {
        BigDecimal executed = order.quoteAmount()
                ? fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add)
                : order.amount().subtract(order.left());
        BigDecimal quantity = order.quoteAmount() ? executed : order.amount();
        OrderType type = order.pyraType();
        return new OrderReport(ids.fromVenue(order.text(), order.id()), order.id(), order.symbol(), order.side(), type,
                status(order.status(), order.finishAs(), executed), type == OrderType.LIMIT ? order.price() : null, quantity, executed,
                fills, order.updatedAt());
    }

    /** Gate's {@code finish_as} says how an order ended; {@code status} only open, closed or cancelled. */
    static OrderStatus status(String status, String finishAs, BigDecimal executed) {
        switch (finishAs == null ? "" : finishAs) {
            case "filled":
                return OrderStatus.FILLED;
            case "cancelled", "liquidate_cancelled":
                return OrderStatus.CANCELED;
            case "ioc", "fok", "poc", "small", "depth_not_enough", "trader_not_enough", "stp", "price_protect_cancelled", "expired":
                return OrderStatus.EXPIRED;
            default:
                break;
        }
        return switch (status == null ? "" : status) {
            case "closed" -> OrderStatus.FILLED;
            case "cancelled" -> OrderStatus.CANCELED;
            default -> executed.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW;
        };
    }

    /** The order's executions from {@code GET /spot/my_trades}, each with its fee in the asset Gate charged. */
    private List<Fill> fills(String symbol, String orderId) {
        List<Fill> fills = new ArrayList<>();
        JsonNode trades = signedGet("/spot/my_trades", "currency_pair=" + encode(symbol) + "&order_id=" + encode(orderId) + "&limit=1000");
        for (JsonNode trade : trades) {
            BigDecimal quantity = decimalOrZero(trade, "amount");
            if (quantity.signum() <= 0) {
                continue;
            }
            BigDecimal fee = decimalOrZero(trade, "fee");
            String feeAsset = trade.path("fee_currency").asString("");
            if (fee.signum() == 0 && decimalOrZero(trade, "gt_fee").signum() > 0) {
                fee = decimalOrZero(trade, "gt_fee"); // paid with GT deduction
                feeAsset = "GT";
            } else if (fee.signum() == 0 && decimalOrZero(trade, "point_fee").signum() > 0) {
                fee = decimalOrZero(trade, "point_fee");
                feeAsset = "POINT";
            }
            fills.add(new Fill(trade.path("id").asString(), decimalOrZero(trade, "price"), quantity, fee, feeAsset, tradeTime(trade)));
        }
        return fills;
    }

    /** {@code create_time_ms} is a decimal string of milliseconds ("1763975412871.239"). */
    private static Instant tradeTime(JsonNode trade) {
        BigDecimal millis = decimal(trade, "create_time_ms");
        if (millis == null) {
            return Instant.ofEpochSecond(trade.path("create_time").asLong());
        }
        BigDecimal nanos = millis.movePointRight(6).setScale(0, RoundingMode.DOWN);
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    }

    /** A limit price that crosses the book for a market buy: the lowest ask plus the slippage allowance, up to the tick. */
    private BigDecimal crossingPrice(SymbolRules symbol) {
        JsonNode tickers = http.get(API + "/spot/tickers?currency_pair=" + encode(symbol.symbol()), Map.of(), 1);
        // no ticker at all ({} or []) is a bad answer, to ask again; a ticker without an ask is a refusal
        JsonNode ticker = http.expect(tickers.isArray() ? tickers.path(0) : tickers, "a ticker question", "currency_pair");
        BigDecimal ask = decimal(ticker, "lowest_ask");
        if (ask == null || ask.signum() <= 0) {
            ask = decimal(ticker, "last");
        }
        if (ask == null || ask.signum() <= 0) {
            throw new ExchangeException(ErrorKind.REJECTED, "no-price", "Gate.io gives no ask for " + symbol.symbol()
                    + ": a market buy is placed as a limit order across the book and needs one");
        }
        BigDecimal price = ask.multiply(BigDecimal.ONE.add(marketBuySlippage));
        BigDecimal tick = symbol.tickSize();
        if (tick != null) {
            price = price.divide(tick, 0, RoundingMode.CEILING).multiply(tick);
        }
        if (symbol.maxPrice() != null && price.compareTo(symbol.maxPrice()) > 0) {
            price = symbol.maxPrice();
        }
        return price;
    }

    // ---- symbols -------------------------------------------------------------------------

    private SymbolRules rules(String symbol) {
        SymbolRules found = rules.get(symbol);
        if (found == null) {
            symbolRules(); // a pair listed since the last refresh
            found = rules.get(symbol);
        }
        if (found == null) {
            throw new ExchangeException(ErrorKind.UNKNOWN_SYMBOL, "INVALID_CURRENCY_PAIR", "Gate.io does not list " + symbol);
        }
        return found;
    }

    private CurrencyPair pair(String symbol) {
        SymbolRules found = rules(symbol);
        return new CurrencyPair(found.baseAsset(), found.quoteAsset());
    }

    // ---- signing, throttling -------------------------------------------------------------

    private void requireKey() {
        if (!authenticated) {
            throw new ExchangeException(ErrorKind.AUTH, ExchangeException.NO_KEY, "no Gate.io API key configured (exchanges.gateio.apiKey/apiSecret)");
        }
    }

    /** A signed GET over the JDK client: headers KEY, Timestamp (s) and SIGN. */
    private JsonNode signedGet(String path, String query) {
        requireKey();
        String fullPath = API + path;
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String payload = "GET\n" + fullPath + "\n" + query + "\n" + EMPTY_BODY_SHA512 + "\n" + timestamp;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("KEY", apiKey);
        headers.put("Timestamp", timestamp);
        headers.put("SIGN", Signing.hmacSha512Hex(apiSecret, payload));
        headers.put("Accept", "application/json");
        return http.get(fullPath + (query.isEmpty() ? "" : "?" + query), headers, 1);
    }

    /**
     * Gate's rate-limit headers: when a response says none of the window is left, nothing is sent
     * until its reset time (the header is spelled {@code X-Gat-} in part of Gate's docs).
     */
    private void watchLimits(HttpHeaders headers) {
        Optional<String> remain = headers.firstValue("X-Gate-RateLimit-Requests-Remain");
        if (remain.isEmpty() || !"0".equals(remain.get().trim())) {
            return;
        }
        headers.firstValue("X-Gate-RateLimit-Reset-Timestamp").or(() -> headers.firstValue("X-Gat-RateLimit-Reset-Timestamp"))
                .flatMap(GateioErrors::untilReset).ifPresent(throttle::backOff);
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> T signed(boolean placesOrder, Call<T> call) {
        requireKey();
        throttle.acquire(1, placesOrder);
        try {
            return call.call();
        } catch (Exception e) {
            throw GateioErrors.from(e, throttle, placesOrder);
        }
    }

    // ---- JSON ----------------------------------------------------------------------------

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? null : new BigDecimal(text.trim());
    }

    private static BigDecimal decimalOrZero(JsonNode node, String field) {
        BigDecimal value = decimal(node, field);
        return value == null ? BigDecimal.ZERO : value;
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    @Override
    public Optional<String> condition() {
        return throttle.condition();
    }

    @Override
    public void close() {
        http.close();
    }
}
