package dev.pyra.plugins.kucoin;

import dev.pyra.connector.Conditions;
import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
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
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KuCoin spot, on the JDK client with KuCoin's key-version-2 signing: XChange 5.2.4's KuCoin
 * module queries and cancels orders by KuCoin's order id only (no {@code /order/client-order/}
 * call anywhere in it), so it cannot find an order by client order id after a timeout.
 *
 * <p>Every call first passes the throttle of its KuCoin resource pool (rate limit 2.0, VIP0, per
 * "Rate Limit" in KuCoin's API docs): Spot 4,000 weight per 30 s (orders, fills, open orders),
 * Management 2,000 per 30 s (accounts), Public 2,000 per 30 s per IP (symbols, tickers), with each
 * endpoint's documented weight. KuCoin publishes no separate order-count limit under 2.0. Its
 * {@code gw-ratelimit-*} headers feed the throttle: the used weight they show wins when higher,
 * and a used-up pool ({@code 429000}, HTTP 429 or 200) pauses the throttle for
 * {@code gw-ratelimit-reset} ms (VenueHttp adds its own default pause on an HTTP 429 without
 * {@code Retry-After}, which KuCoin does not send).
 *
 * <p>Pyra's client order ids ({@code pyra-12-0-3-e}) are valid {@code clientOid}s as they are
 * (KuCoin: letters, digits, '-' and '_', at most 40), so they are sent and reported unchanged.
 * A market order is sent with {@code size} (base quantity) on both sides, never {@code funds}.
 */
final class KucoinConnector implements ExchangeConnector {
    static final String MAINNET = "https://api.kucoin.com";

    private final String apiKey;
    private final String apiSecret;
    private final String passphrase;
    private final boolean authenticated;
    private final VenueHttp publicHttp;
    private final VenueHttp spotHttp;
    private final VenueHttp managementHttp;
    /** The last {@code gw-ratelimit-reset} seen on this thread: a 429000 in an HTTP 200 body pauses for it. */
    private final ThreadLocal<Duration> lastReset = new ThreadLocal<>();

    KucoinConnector(ConnectorConfig config) {
        // no sandbox: the factory refuses "testnet": true, so both networks are mainnet here
        String baseUrl = config.baseUrl(MAINNET, MAINNET);
        Duration timeout = Duration.ofMillis(config.decimal("timeoutMillis").map(BigDecimal::longValue).orElse(10_000L));
        publicHttp = pool("PUBLIC", 2000, baseUrl, timeout);
        spotHttp = pool("SPOT", 4000, baseUrl, timeout);
        managementHttp = pool("MANAGEMENT", 2000, baseUrl, timeout);
        apiKey = config.string("apiKey").orElse("");
        apiSecret = config.string("apiSecret").orElse("");
        passphrase = config.string("passphrase").orElse("");
        authenticated = !apiKey.isBlank() && !apiSecret.isBlank() && !passphrase.isBlank();
    }

    /** One KuCoin resource pool: its own weight window, fed by KuCoin's headers for that pool. */
    private VenueHttp pool(String name, int permits, String baseUrl, Duration timeout) {
        RequestThrottle throttle = new RequestThrottle("kucoin",
                List.of(new RequestThrottle.Limit(name, permits, Duration.ofSeconds(30))), List.of());
        VenueHttp http = new VenueHttp("kucoin", baseUrl, timeout, throttle, (status, body) -> {
            ExchangeException error = KucoinErrors.read(status, body);
            if (error != null && error.kind() == ErrorKind.RATE_LIMITED && status != 429 && status != 418) {
                // KuCoin may say 429000 in an HTTP 200: VenueHttp only pauses on HTTP 429
                Duration pause = Optional.ofNullable(lastReset.get()).orElse(Duration.ofSeconds(10));
                throttle.backOff(pause);
            }
            return error;
        });
        http.watchHeaders(headers -> watch(name, throttle, headers));
        http.recognise(body -> body.has("code")); // every answer is {"code":"200000","data":…}
        http.readResetFrom(headers -> number(headers, "gw-ratelimit-reset").map(Duration::ofMillis));
        return http;
    }

    private void watch(String pool, RequestThrottle throttle, HttpHeaders headers) {
        Optional<Long> limit = number(headers, "gw-ratelimit-limit");
        Optional<Long> remaining = number(headers, "gw-ratelimit-remaining");
        Optional<Duration> reset = number(headers, "gw-ratelimit-reset").map(Duration::ofMillis);
        lastReset.set(reset.orElse(null));
        if (remaining.isPresent() && remaining.get() <= 0) {
            reset.ifPresent(throttle::backOff); // the pool is used up until KuCoin resets it
        } else if (limit.isPresent() && remaining.isPresent()) {
            // other programs on the same key spend the same pool: KuCoin's count wins when higher
            throttle.observedWeight(pool, (int) Math.max(0, limit.get() - remaining.get()));
        }
    }

    private static Optional<Long> number(HttpHeaders headers, String name) {
        return headers.firstValue(name).flatMap(value -> {
            try {
                return Optional.of(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String venue() {
        return "kucoin";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS, Capability.MARKET_DATA);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        return KucoinSymbolRules.parse(publicHttp.get("/api/v2/symbols", Map.of(), 4));
    }

    @Override
    public List<PriceTick> lastPrices(Collection<String> symbols) {
        Set<String> wanted = new HashSet<>(symbols);
        JsonNode data = publicHttp.get("/api/v1/market/allTickers", Map.of(), 15).path("data");
        Instant at = data.hasNonNull("time") ? Instant.ofEpochMilli(data.path("time").asLong()) : Instant.now();
        List<PriceTick> ticks = new ArrayList<>();
        for (JsonNode ticker : data.path("ticker")) {
            String symbol = ticker.path("symbol").asString();
            BigDecimal last = decimal(ticker, "last");
            if (wanted.contains(symbol) && last != null && last.signum() > 0) {
                ticks.add(new PriceTick(symbol, last, at));
            }
        }
        return ticks;
    }

    @Override
    public List<Balance> balances() {
        JsonNode accounts = signed(managementHttp, "GET", "/api/v1/accounts?type=trade", null, 5, false).path("data");
        List<Balance> balances = new ArrayList<>();
        for (JsonNode account : accounts) {
            BigDecimal total = decimal(account, "balance");
            if (total != null && total.signum() > 0) {
                balances.add(new Balance(account.path("currency").asString(), decimal(account, "available"), decimal(account, "holds")));
            }
        }
        return balances;
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        ObjectNode order = VenueHttp.json().createObjectNode();
        order.put("clientOid", request.clientOrderId());
        order.put("side", request.side() == Side.BUY ? "buy" : "sell");
        order.put("symbol", request.symbol());
        order.put("type", request.type() == OrderType.LIMIT ? "limit" : "market");
        order.put("size", request.quantity().toPlainString()); // base quantity on both sides; "funds" would be quote
        if (request.type() == OrderType.LIMIT) {
            order.put("price", request.price().toPlainString());
            order.put("timeInForce", "GTC");
        }
        JsonNode placed;
        try {
            placed = signed(spotHttp, "POST", "/api/v1/orders", order.toString(), 2, true);
        } catch (ExchangeException e) {
            if (e.venueMessage() != null && e.venueMessage().toLowerCase(java.util.Locale.ROOT).contains("clientoidduplicated")) {
                // the venue already holds an order with this id: its report, never a second order
                return orderStatus(request.symbol(), request.clientOrderId()).orElseThrow(() -> e);
            }
            throw e;
        }
        // KuCoin answers only the ids: the order's state and fills come from asking about it. The order
        // is on the venue whatever that question meets, so it never turns the placement into an error
        try {
            Optional<OrderReport> known = orderStatus(request.symbol(), request.clientOrderId());
            if (known.isPresent()) {
                return known.get();
            }
        } catch (ExchangeException e) {
            // the host's order poll brings the rest
        }
        return new OrderReport(request.clientOrderId(), placed.path("data").path("orderId").asString(""), request.symbol(), request.side(),
                request.type(), OrderStatus.NEW, request.price(), request.quantity(), BigDecimal.ZERO, List.of(), Instant.now());
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        signed(spotHttp, "DELETE", "/api/v1/order/client-order/" + encode(clientOrderId) + "?symbol=" + encode(symbol), null, 5, false);
        return orderStatus(symbol, clientOrderId).orElseThrow(() ->
                new ExchangeException(ErrorKind.UNKNOWN_ORDER, "400100", "cancelled order " + clientOrderId + " not found"));
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        JsonNode order;
        try {
            order = signed(spotHttp, "GET", "/api/v1/order/client-order/" + encode(clientOrderId), null, 3, false).path("data");
        } catch (ExchangeException e) {
            if (e.kind() == ErrorKind.UNKNOWN_ORDER) {
                return Optional.empty(); // 400100 "order not exist." (HTTP 404)
            }
            throw e;
        }
        if (order.isMissingNode() || order.isNull()) {
            return Optional.empty(); // some KuCoin gateways answer an unknown clientOid with data null
        }
        List<Fill> fills = new ArrayList<>();
        BigDecimal executed = decimalOrZero(order, "dealSize");
        if (executed.signum() > 0) {
            fills = fills(order.path("id").asString());
        }
        return Optional.of(report(order, fills));
    }

    /** Every fill of one order (its trade id, price, size and fee in {@code feeCurrency}), page by page. */
    private List<Fill> fills(String orderId) {
        List<Fill> fills = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode data = signed(spotHttp, "GET", "/api/v1/fills?orderId=" + encode(orderId) + "&currentPage=" + page + "&pageSize=500",
                    null, 10, false).path("data");
            for (JsonNode fill : data.path("items")) {
                fills.add(new Fill(fill.path("tradeId").asString(), decimal(fill, "price"), decimal(fill, "size"),
                        decimalOrZero(fill, "fee"), fill.path("feeCurrency").asString(), Instant.ofEpochMilli(fill.path("createdAt").asLong())));
            }
            if (page >= data.path("totalPage").asInt(1)) {
                return fills;
            }
        }
    }

    @Override
    public List<OrderReport> openOrders() {
        // fills are not listed here: the host asks each order whose executed quantity moved
        List<OrderReport> open = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode data = signed(spotHttp, "GET", "/api/v1/orders?status=active&tradeType=TRADE&currentPage=" + page + "&pageSize=500",
                    null, 2, false).path("data");
            for (JsonNode order : data.path("items")) {
                open.add(report(order, List.of()));
            }
            if (page >= data.path("totalPage").asInt(1)) {
                return open;
            }
        }
    }

    private static OrderReport report(JsonNode order, List<Fill> fills) {
        OrderType type = "limit".equals(order.path("type").asString()) ? OrderType.LIMIT : OrderType.MARKET;
        BigDecimal executed = decimalOrZero(order, "dealSize");
        Instant updated = fills.stream().map(Fill::time).max(Instant::compareTo)
                .orElse(Instant.ofEpochMilli(order.path("createdAt").asLong()));
        return new OrderReport(order.path("clientOid").asString(), order.path("id").asString(), order.path("symbol").asString(),
                "buy".equals(order.path("side").asString()) ? Side.BUY : Side.SELL, type, status(order, executed),
                type == OrderType.LIMIT ? decimal(order, "price") : null, decimal(order, "size"), executed, fills, updated);
    }

    /** KuCoin states no status word: {@code isActive} (or {@code active}), {@code cancelExist} and the dealt size tell. */
    private static OrderStatus status(JsonNode order, BigDecimal executed) {
        JsonNode activeFlag = order.has("isActive") ? order.get("isActive") : order.path("active");
        boolean active = activeFlag.asBoolean(false);
        BigDecimal size = decimalOrZero(order, "size");
        if (active) {
            return executed.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW;
        }
        if (order.path("cancelExist").asBoolean(false)) {
            return OrderStatus.CANCELED;
        }
        if (executed.signum() > 0 && (size.signum() == 0 || executed.compareTo(size) >= 0)) {
            return OrderStatus.FILLED;
        }
        return executed.signum() > 0 ? OrderStatus.CANCELED : OrderStatus.EXPIRED; // done, not all dealt: the rest was dropped
    }

    // ---- signing -------------------------------------------------------------------------

    /**
     * KuCoin key version 2: {@code KC-API-SIGN} = Base64(HMAC-SHA256(secret, timestamp + METHOD +
     * endpoint with query + body)), {@code KC-API-PASSPHRASE} = Base64(HMAC-SHA256(secret, passphrase)).
     */
    private JsonNode signed(VenueHttp http, String method, String endpoint, String body, int weight, boolean placesOrder) {
        if (!authenticated) {
            throw new ExchangeException(ErrorKind.AUTH, ExchangeException.NO_KEY,
                    "no KuCoin API key configured (exchanges.kucoin.apiKey/apiSecret/passphrase)");
        }
        String timestamp = Long.toString(System.currentTimeMillis());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("KC-API-KEY", apiKey);
        headers.put("KC-API-SIGN", Signing.hmacSha256Base64(apiSecret, timestamp + method + endpoint + (body == null ? "" : body)));
        headers.put("KC-API-TIMESTAMP", timestamp);
        headers.put("KC-API-PASSPHRASE", Signing.hmacSha256Base64(apiSecret, passphrase));
        headers.put("KC-API-KEY-VERSION", "2");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return http.send(method, endpoint, body, headers, weight, placesOrder);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : new BigDecimal(value.asString());
    }

    private static BigDecimal decimalOrZero(JsonNode node, String field) {
        BigDecimal value = decimal(node, field);
        return value == null ? BigDecimal.ZERO : value;
    }

    @Override
    public Optional<String> condition() {
        return Conditions.of(publicHttp.throttle().condition(), spotHttp.throttle().condition(), managementHttp.throttle().condition());
    }

    @Override
    public void close() {
        publicHttp.close();
        spotHttp.close();
        managementHttp.close();
    }
}
