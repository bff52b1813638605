package dev.pyra.plugins.bybit;

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
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.connector.FinishedOrders;
import dev.pyra.connector.PushStream;
import dev.pyra.connector.RequestThrottle;
import dev.pyra.connector.Signing;
import dev.pyra.connector.VenueHttp;
import java.math.BigDecimal;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Bybit spot on the v5 unified API. Every call goes over the connector kit's JDK client with
 * Bybit's HMAC-SHA256 signing, because XChange 5.2.1's Bybit module queries orders by
 * {@code orderId} only (no {@code orderLinkId}, so an order cannot be found by client order id
 * after a timeout) and its order payload has no {@code marketUnit} (a market buy would be read as
 * a quote amount).
 *
 * <p>Client order ids go out unchanged as {@code orderLinkId}: Bybit takes up to 36 letters,
 * digits, dashes and underscores, a superset of Pyra's ids. Every call first passes the throttle:
 * 600 requests per 5 s per IP and 20 spot orders per second per UID (Bybit's published limits,
 * "Rate Limit Rules", v5), held by Bybit's own rate-limit answer ({@code retCode} 10006 with
 * {@code X-Bapi-Limit-Reset-Timestamp}) and by its IP ban (HTTP 403, at least 10 minutes).
 */
final class BybitConnector implements ExchangeConnector {
    static final String MAINNET = "https://api.bybit.com";
    static final String TESTNET = "https://api-testnet.bybit.com";
    private static final String RECV_WINDOW = "5000";
    /** Bybit: after "403, access too frequent" wait at least 10 minutes. */
    private static final Duration IP_BAN = Duration.ofMinutes(10);
    private static final int MAX_PAGES = 20;

    private final String apiKey;
    private final String apiSecret;
    private final boolean authenticated;
    private final Clock clock = Clock.systemUTC();
    private final RequestThrottle throttle = new RequestThrottle("bybit",
            List.of(new RequestThrottle.Limit("IP_5S", 600, Duration.ofSeconds(5))),
            List.of(new RequestThrottle.Limit("SPOT_ORDERS_1S", 20, Duration.ofSeconds(1))));
    /** The headers of the response being read on this thread: the error reader needs its reset time. */
    private final ThreadLocal<HttpHeaders> responseHeaders = new ThreadLocal<>();
    private final VenueHttp http;
    /** Symbol → {base, quote}, learned from the rules: a fill without a fee currency is charged in one of them. */
    private volatile Map<String, String[]> assets = Map.of();

    static final String STREAM_MAINNET = "wss://stream.bybit.com/v5/private";
    static final String STREAM_TESTNET = "wss://stream-testnet.bybit.com/v5/private";

    private final ConnectorContext context;
    /** Null when order updates are polled only (no key, switched off, or a stubbed base URL without a stream URL). */
    private final PushStream stream;
    private final FinishedOrders finished;

    BybitConnector(ConnectorConfig config, ConnectorContext context) {
        this.context = context;
        this.finished = new FinishedOrders("bybit", context);
        String baseUrl = config.baseUrl(MAINNET, TESTNET);
        Duration timeout = Duration.ofMillis(config.decimal("timeoutMillis").map(BigDecimal::longValue).orElse(10_000L));
        http = new VenueHttp("bybit", baseUrl, timeout, throttle,
                (status, body) -> BybitErrors.read(body, responseHeaders.get(), throttle, clock));
        http.watchHeaders(responseHeaders::set);
        http.recognise(body -> body.has("retCode")); // every v5 answer is {"retCode":…,"retMsg":…,"result":…}
        apiKey = config.string("apiKey").orElse("");
        apiSecret = config.string("apiSecret").orElse("");
        authenticated = !apiKey.isBlank() && !apiSecret.isBlank();

        Optional<java.net.URI> streamUrl = PushStream.configuredUrl(config, authenticated, STREAM_MAINNET, STREAM_TESTNET);
        if (streamUrl.isPresent()) {
            // Bybit wants the client to ping every 20 s
            stream = new PushStream("Bybit", streamUrl.get(), PushStream.silence(config), this::streamLogin, this::onStreamMessage,
                    context::resync, Duration.ofSeconds(20), () -> "{\"op\":\"ping\"}");
            stream.start();
        } else {
            stream = null;
        }
    }

    /** Bybit's private stream: log in (signature of {@code GET/realtime} + expiry), then the spot order and execution topics. */
    private List<String> streamLogin() {
        long expires = clock.millis() + 10_000;
        String signature = Signing.hmacSha256Hex(apiSecret, "GET/realtime" + expires);
        return List.of("{\"req_id\":\"pyra-auth\",\"op\":\"auth\",\"args\":[\"" + apiKey + "\"," + expires + ",\"" + signature + "\"]}",
                "{\"req_id\":\"pyra-subscribe\",\"op\":\"subscribe\",\"args\":[\"order.spot\",\"execution.spot\"]}");
    }

    private PushStream.Meaning onStreamMessage(JsonNode message) {
        String op = message.path("op").asString("");
        if (op.equals("auth")) {
            return message.path("success").asBoolean(false) ? PushStream.Meaning.OTHER : PushStream.Meaning.REFUSED;
        }
        if (op.equals("subscribe")) {
            return message.path("success").asBoolean(false) ? PushStream.Meaning.SUBSCRIBED : PushStream.Meaning.REFUSED;
        }
        switch (message.path("topic").asString("")) {
            case "order.spot", "order" -> message.path("data").forEach(this::onOrderUpdate);
            case "execution.spot", "execution" -> message.path("data").forEach(this::onExecution);
            default -> {
                // pong
            }
        }
        return PushStream.Meaning.OTHER;
    }

    /** A finished order is asked about over REST, so its report carries every fill even if a push was missed. */
    private void onOrderUpdate(JsonNode order) {
        if (!"spot".equals(order.path("category").asString("spot"))) {
            return;
        }
        OrderReport update = report(order, List.of());
        if (update.status().isTerminal()) {
            finished.complete(() -> orderStatus(update.symbol(), update.clientOrderId()));
        } else {
            context.publish(update);
        }
    }

    /** A trade is handed on at once with its fill; the one that finishes the order waits for the order's own update. */
    private void onExecution(JsonNode execution) {
        if (!"spot".equals(execution.path("category").asString("spot")) || !"Trade".equals(execution.path("execType").asString("Trade"))
                || decimal(execution, "leavesQty").signum() == 0) {
            return;
        }
        String symbol = execution.path("symbol").asString();
        boolean buy = "Buy".equals(execution.path("side").asString());
        String feeAsset = execution.path("feeCurrency").asString("");
        if (feeAsset.isBlank()) {
            String[] pair = assets.get(symbol);
            feeAsset = pair == null ? "" : pair[buy ? 0 : 1];
        }
        OrderType type = "Limit".equals(execution.path("orderType").asString()) ? OrderType.LIMIT : OrderType.MARKET;
        BigDecimal quantity = decimal(execution, "orderQty");
        String linkId = execution.path("orderLinkId").asString("");
        String orderId = execution.path("orderId").asString();
        Instant at = Instant.ofEpochMilli(execution.path("execTime").asLong());
        context.publish(new OrderReport(linkId.isBlank() ? orderId : linkId, orderId, symbol, buy ? Side.BUY : Side.SELL, type,
                OrderStatus.PARTIALLY_FILLED, type == OrderType.LIMIT ? decimal(execution, "orderPrice") : null, quantity,
                quantity.subtract(decimal(execution, "leavesQty")),
                List.of(new Fill(execution.path("execId").asString(), decimal(execution, "execPrice"), decimal(execution, "execQty"),
                        decimal(execution, "execFee"), feeAsset, at)), at));
    }

    @Override
    public Optional<String> condition() {
        return Conditions.of(throttle.condition(), stream == null ? Optional.empty() : stream.condition());
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        finished.close();
        http.close();
    }

    @Override
    public String venue() {
        return "bybit";
    }

    @Override
    public Set<Capability> capabilities() {
        EnumSet<Capability> capabilities = EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS,
                Capability.MARKET_DATA, Capability.TESTNET);
        if (stream != null) {
            capabilities.add(Capability.ORDER_UPDATES);
        }
        return capabilities;
    }

    // ---- public market data ------------------------------------------------------------------

    @Override
    public List<SymbolRules> symbolRules() {
        List<SymbolRules> rules = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "category=spot" + (cursor.isBlank() ? "" : "&cursor=" + cursor);
            JsonNode body = call(() -> http.get("/v5/market/instruments-info?" + query, Map.of(), 1));
            rules.addAll(BybitSymbolRules.parse(body));
            cursor = body.path("result").path("nextPageCursor").asString("");
            if (cursor.isBlank() || body.path("result").path("list").isEmpty()) {
                break;
            }
        }
        Map<String, String[]> learned = new HashMap<>();
        rules.forEach(r -> learned.put(r.symbol(), new String[] {r.baseAsset(), r.quoteAsset()}));
        assets = Map.copyOf(learned);
        return rules;
    }

    @Override
    public List<PriceTick> lastPrices(Collection<String> symbols) {
        // one symbol is asked by name; several in one call for all spot tickers
        String query = symbols.size() == 1 ? "category=spot&symbol=" + encode(symbols.iterator().next()) : "category=spot";
        JsonNode body = call(() -> http.get("/v5/market/tickers?" + query, Map.of(), 1));
        Instant at = body.hasNonNull("time") ? Instant.ofEpochMilli(body.path("time").asLong()) : clock.instant();
        List<PriceTick> ticks = new ArrayList<>();
        for (JsonNode ticker : body.path("result").path("list")) {
            String symbol = ticker.path("symbol").asString();
            BigDecimal price = decimal(ticker, "lastPrice");
            if (symbols.contains(symbol) && price.signum() > 0) {
                ticks.add(new PriceTick(symbol, price, at));
            }
        }
        return ticks;
    }

    // ---- account -----------------------------------------------------------------------------

    @Override
    public List<Balance> balances() {
        JsonNode result = signedGet("/v5/account/wallet-balance", "accountType=UNIFIED");
        List<Balance> balances = new ArrayList<>();
        for (JsonNode account : result.path("list")) {
            for (JsonNode coin : account.path("coin")) {
                BigDecimal wallet = decimal(coin, "walletBalance");
                if (wallet.signum() <= 0) {
                    continue; // empty (or borrowed) coins are not balances
                }
                BigDecimal locked = decimal(coin, "locked");
                balances.add(new Balance(coin.path("coin").asString(), wallet.subtract(locked), locked));
            }
        }
        return balances;
    }

    // ---- orders ------------------------------------------------------------------------------

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        boolean limit = request.type() == OrderType.LIMIT;
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("category", "spot");
        order.put("symbol", request.symbol());
        order.put("side", request.side() == Side.BUY ? "Buy" : "Sell");
        order.put("orderType", limit ? "Limit" : "Market");
        order.put("qty", request.quantity().toPlainString());
        if (limit) {
            order.put("price", request.price().toPlainString());
            order.put("timeInForce", "GTC");
        } else {
            order.put("marketUnit", "baseCoin"); // a spot market buy is a quote amount unless told otherwise
        }
        order.put("orderLinkId", request.clientOrderId());
        JsonNode placed;
        try {
            placed = signedPost("/v5/order/create", order, true);
        } catch (ExchangeException e) {
            // duplicate orderLinkId (spot 170141, unified 110072, duplicate request 10014): the venue has this order already
            if (java.util.Set.of("170141", "110072", "10014").contains(e.venueCode())) {
                return orderStatus(request.symbol(), request.clientOrderId()).orElseThrow(() -> e);
            }
            throw e;
        }
        String orderId = placed.path("orderId").asString();
        OrderReport acknowledged = new OrderReport(request.clientOrderId(), orderId, request.symbol(), request.side(), request.type(),
                OrderStatus.NEW, request.price(), request.quantity(), BigDecimal.ZERO, List.of(), clock.instant());
        try {
            // Bybit acknowledges with ids only: its word on the order (and fills) comes from the query
            return orderStatus(request.symbol(), request.clientOrderId()).orElse(acknowledged);
        } catch (ExchangeException e) {
            return acknowledged; // placed for sure; the host asks again
        }
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        Map<String, Object> cancel = new LinkedHashMap<>();
        cancel.put("category", "spot");
        cancel.put("symbol", symbol);
        cancel.put("orderLinkId", clientOrderId);
        signedPost("/v5/order/cancel", cancel, true);
        return orderStatus(symbol, clientOrderId).orElseThrow(() ->
                new ExchangeException(ErrorKind.UNKNOWN_ORDER, "170213", "cancelled order " + clientOrderId + " not found"));
    }

    /**
     * Open and recent orders are in {@code /v5/order/realtime}; finished ones may only be in
     * {@code /v5/order/history}. Bybit answers an unknown {@code orderLinkId} with an empty list.
     */
    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        String query = "category=spot&symbol=" + encode(symbol) + "&orderLinkId=" + encode(clientOrderId);
        JsonNode order;
        try {
            order = first(signedGet("/v5/order/realtime", query));
            if (order == null) {
                order = first(signedGet("/v5/order/history", query));
            }
        } catch (ExchangeException e) {
            if (e.kind() == ErrorKind.UNKNOWN_ORDER) {
                return Optional.empty(); // 110001 / 170213 order does not exist
            }
            throw e;
        }
        if (order == null) {
            return Optional.empty();
        }
        List<Fill> fills = decimal(order, "cumExecQty").signum() > 0
                ? fills(symbol, order.path("orderId").asString(), "Buy".equals(order.path("side").asString()), fillsFrom(order))
                : List.of();
        return Optional.of(report(order, fills));
    }

    @Override
    public List<OrderReport> openOrders() {
        // fills are not listed here: the host asks each order whose executed quantity moved
        List<OrderReport> open = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode result = signedGet("/v5/order/realtime", "category=spot&openOnly=0&limit=50"
                    + (cursor.isBlank() ? "" : "&cursor=" + cursor));
            for (JsonNode order : result.path("list")) {
                open.add(report(order, List.of()));
            }
            cursor = result.path("nextPageCursor").asString("");
            if (cursor.isBlank() || result.path("list").isEmpty()) {
                break;
            }
        }
        return open;
    }

    /**
     * Bybit lists executions over 7 days at most (the last 7 days by default): the window starts
     * at the order's creation, or 7 days before its last update when it rested longer, so an order
     * asked about late (after a restart, say) still shows its fills.
     */
    private static long fillsFrom(JsonNode order) {
        long created = order.path("createdTime").asLong(0);
        long updated = order.path("updatedTime").asLong(created);
        long window = Duration.ofDays(7).minusMinutes(1).toMillis();
        return Math.max(created - 1_000, updated - window);
    }

    private List<Fill> fills(String symbol, String orderId, boolean buy, long from) {
        List<Fill> fills = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode result = signedGet("/v5/execution/list", "category=spot&symbol=" + encode(symbol) + "&orderId=" + encode(orderId)
                    + (from > 0 ? "&startTime=" + from : "") + "&limit=100" + (cursor.isBlank() ? "" : "&cursor=" + cursor));
            for (JsonNode execution : result.path("list")) {
                BigDecimal quantity = decimal(execution, "execQty");
                if (quantity.signum() <= 0) {
                    continue;
                }
                String feeAsset = execution.path("feeCurrency").asString("");
                if (feeAsset.isBlank()) {
                    // Bybit spot charges a buy in the base coin, a sell in the quote coin
                    String[] pair = assets.get(symbol);
                    feeAsset = pair == null ? "" : pair[buy ? 0 : 1];
                }
                fills.add(new Fill(execution.path("execId").asString(), decimal(execution, "execPrice"), quantity,
                        decimal(execution, "execFee"), feeAsset, Instant.ofEpochMilli(execution.path("execTime").asLong())));
            }
            cursor = result.path("nextPageCursor").asString("");
            if (cursor.isBlank() || result.path("list").isEmpty()) {
                break;
            }
        }
        return fills;
    }

    private static OrderReport report(JsonNode order, List<Fill> fills) {
        OrderType type = "Limit".equals(order.path("orderType").asString()) ? OrderType.LIMIT : OrderType.MARKET;
        Side side = "Buy".equals(order.path("side").asString()) ? Side.BUY : Side.SELL;
        // a market order placed elsewhere in quote amount: its base quantity is what executed
        BigDecimal quantity = type == OrderType.MARKET && "quoteCoin".equals(order.path("marketUnit").asString())
                ? decimal(order, "cumExecQty") : decimal(order, "qty");
        String linkId = order.path("orderLinkId").asString("");
        String orderId = order.path("orderId").asString();
        return new OrderReport(linkId.isBlank() ? orderId : linkId, orderId, order.path("symbol").asString(), side, type,
                status(order.path("orderStatus").asString()), type == OrderType.LIMIT ? decimal(order, "price") : null, quantity,
                decimal(order, "cumExecQty"), fills, Instant.ofEpochMilli(order.path("updatedTime").asLong()));
    }

    static OrderStatus status(String status) {
        return switch (status) {
            case "PartiallyFilled" -> OrderStatus.PARTIALLY_FILLED;
            case "Filled" -> OrderStatus.FILLED;
            // PartiallyFilledCanceled: a spot market order's unfilled rest is cancelled
            case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> OrderStatus.CANCELED;
            case "Rejected" -> OrderStatus.REJECTED;
            default -> OrderStatus.NEW; // New, Untriggered, Triggered, and anything still open
        };
    }

    // ---- signed calls ------------------------------------------------------------------------

    /** The {@code result} of a signed GET: the signature covers timestamp, key, recvWindow and the query as sent. */
    private JsonNode signedGet(String path, String query) {
        Map<String, String> headers = signedHeaders(query);
        return call(() -> http.get(path + "?" + query, headers, 1)).path("result");
    }

    /** The {@code result} of a signed POST: the signature covers timestamp, key, recvWindow and the JSON body. */
    private JsonNode signedPost(String path, Map<String, Object> body, boolean placesOrder) {
        String json = VenueHttp.json().writeValueAsString(body);
        Map<String, String> headers = new HashMap<>(signedHeaders(json));
        headers.put("Content-Type", "application/json");
        return call(() -> http.send("POST", path, json, headers, 1, placesOrder)).path("result");
    }

    private Map<String, String> signedHeaders(String payload) {
        if (!authenticated) {
            throw new ExchangeException(ErrorKind.AUTH, ExchangeException.NO_KEY, "no Bybit API key configured (exchanges.bybit.apiKey/apiSecret)");
        }
        String timestamp = Long.toString(clock.millis());
        return Map.of("X-BAPI-API-KEY", apiKey, "X-BAPI-TIMESTAMP", timestamp, "X-BAPI-RECV-WINDOW", RECV_WINDOW,
                "X-BAPI-SIGN", Signing.hmacSha256Hex(apiSecret, timestamp + apiKey + RECV_WINDOW + payload));
    }

    /** Bybit's HTTP-level answers VenueHttp cannot know: 403 is its IP ban, 401 a refused key. */
    private JsonNode call(Supplier<JsonNode> request) {
        try {
            return request.get();
        } catch (ExchangeException e) {
            if ("403".equals(e.venueCode())) {
                throttle.backOff(IP_BAN);
                throw new ExchangeException(ErrorKind.RATE_LIMITED, "403",
                        "Bybit refused this IP (access too frequent); pausing " + IP_BAN.toMinutes() + " min", e);
            }
            if ("401".equals(e.venueCode())) {
                throw new ExchangeException(ErrorKind.AUTH, "401", "Bybit refused the API key (HTTP 401)", e);
            }
            throw e;
        } finally {
            responseHeaders.remove();
        }
    }

    private static JsonNode first(JsonNode result) {
        JsonNode list = result.path("list");
        return list.isArray() && !list.isEmpty() ? list.get(0) : null;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? BigDecimal.ZERO : new BigDecimal(value.asString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
