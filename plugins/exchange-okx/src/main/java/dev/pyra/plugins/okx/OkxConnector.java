package dev.pyra.plugins.okx;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * OKX spot, API v5, live or demo trading (same host; demo requests carry {@code x-simulated-trading: 1}).
 * Every call goes over the JDK client with OKX's signing, not XChange: xchange-okex 5.2.3's
 * {@code getOkexOrder} asks by {@code ordId} only (it sends {@code clOrdId} as null) and its
 * {@code OkexOrderRequest} has no {@code tgtCcy}, so it can neither find an order by client order id
 * alone nor send a market buy in base currency.
 *
 * <p>Orders are cash-mode ({@code tdMode=cash}) spot orders; a Pyra client order id travels as
 * {@code clOrdId} through {@link OkxClientIds}. The throttle keeps to OKX's published spot limits,
 * counted in one 2-second window of 60 permits where each request weighs 60 / its endpoint's limit:
 * place, cancel, order details, pending orders and fills (3 days) 60 requests per 2 s (weight 1),
 * tickers and instruments 20 per 2 s (weight 3), balance and fills history (3 months) 10 per 2 s
 * (weight 6); orders: 60 per 2 s (OKX API v5 docs, each endpoint's "Rate Limit" line).
 */
final class OkxConnector implements ExchangeConnector {
    static final String MAINNET = "https://www.okx.com";
    /** Demo trading: the same host, told apart by the {@code x-simulated-trading} header. */
    static final String TESTNET = "https://www.okx.com";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final int FILLS_PAGE = 100;

    private final boolean demo;
    private final String apiKey;
    private final String apiSecret;
    private final String passphrase;
    private final boolean authenticated;
    private final RequestThrottle throttle = new RequestThrottle("okx",
            List.of(new RequestThrottle.Limit("REQUESTS_2S", 60, Duration.ofSeconds(2))),
            List.of(new RequestThrottle.Limit("ORDERS_2S", 60, Duration.ofSeconds(2))));
    private final VenueHttp http;

    OkxConnector(ConnectorConfig config) {
        demo = config.testnet();
        String baseUrl = config.baseUrl(MAINNET, TESTNET);
        Duration timeout = Duration.ofMillis(config.decimal("timeoutMillis").map(BigDecimal::longValue).orElse(10_000L));
        http = new VenueHttp("okx", baseUrl, timeout, throttle, (status, body) -> OkxErrors.read(status, body, throttle));
        http.recognise(body -> body.has("code")); // every v5 answer is {"code":…,"msg":…,"data":[…]}
        apiKey = config.string("apiKey").orElse("");
        apiSecret = config.string("apiSecret").orElse("");
        passphrase = config.string("passphrase").orElse("");
        authenticated = !apiKey.isBlank() && !apiSecret.isBlank() && !passphrase.isBlank();
    }

    @Override
    public String venue() {
        return "okx";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS, Capability.MARKET_DATA, Capability.TESTNET);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        return OkxSymbolRules.parse(http.get("/api/v5/public/instruments?instType=SPOT", publicHeaders(), 3));
    }

    @Override
    public List<PriceTick> lastPrices(Collection<String> symbols) {
        if (symbols.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new HashSet<>(symbols);
        List<PriceTick> ticks = new ArrayList<>();
        for (JsonNode ticker : http.get("/api/v5/market/tickers?instType=SPOT", publicHeaders(), 3).path("data")) {
            String symbol = ticker.path("instId").asString("");
            BigDecimal last = decimal(ticker, "last");
            if (wanted.contains(symbol) && last != null && last.signum() > 0) {
                ticks.add(new PriceTick(symbol, last, millis(ticker, "ts")));
            }
        }
        return ticks;
    }

    @Override
    public List<Balance> balances() {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode account : signed("GET", "/api/v5/account/balance", null, 6, false).path("data")) {
            for (JsonNode detail : account.path("details")) {
                BigDecimal free = orZero(decimal(detail, "availBal"));
                BigDecimal locked = orZero(decimal(detail, "frozenBal"));
                if (free.signum() > 0 || locked.signum() > 0) {
                    balances.add(new Balance(detail.path("ccy").asString(""), free, locked));
                }
            }
        }
        return balances;
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        String clOrdId = OkxClientIds.toVenue(request.clientOrderId());
        Map<String, String> order = new LinkedHashMap<>();
        order.put("instId", request.symbol());
        order.put("tdMode", "cash");
        order.put("clOrdId", clOrdId);
        order.put("side", request.side() == Side.BUY ? "buy" : "sell");
        if (request.type() == OrderType.LIMIT) {
            order.put("ordType", "limit"); // good till cancelled
            order.put("px", request.price().toPlainString());
        } else {
            order.put("ordType", "market");
            order.put("tgtCcy", "base_ccy"); // a market buy's sz is quote currency unless told otherwise
        }
        order.put("sz", request.quantity().toPlainString());
        JsonNode ack;
        try {
            ack = signed("POST", "/api/v5/trade/order", VenueHttp.json().writeValueAsString(order), 1, true).path("data").path(0);
        } catch (ExchangeException e) {
            if ("51016".equals(e.venueCode())) { // duplicated clOrdId: OKX holds that order, it answers for it
                return orderStatus(request.symbol(), request.clientOrderId()).orElseThrow(() -> e);
            }
            throw e;
        }
        // OKX acknowledges with ids only: the order itself (status, fills) is asked for
        try {
            Optional<OrderReport> placed = orderStatus(request.symbol(), request.clientOrderId());
            if (placed.isPresent()) {
                return placed.get();
            }
        } catch (ExchangeException e) {
            // the order is on the venue whatever this question met: never report the placement as failed
        }
        // placed, but not yet visible (or not answered for): the acknowledgement is all we know; the host's poll brings the rest
        return new OrderReport(request.clientOrderId(), ack.path("ordId").asString(""), request.symbol(), request.side(),
                request.type(), OrderStatus.NEW, request.price(), request.quantity(), BigDecimal.ZERO, List.of(), millis(ack, "ts"));
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        String body = VenueHttp.json().writeValueAsString(Map.of("instId", symbol, "clOrdId", OkxClientIds.toVenue(clientOrderId)));
        try {
            signed("POST", "/api/v5/trade/cancel-order", body, 1, false);
        } catch (ExchangeException e) {
            // already filled or cancelled (51400-51402): the order's own report says which
            if (e.kind() != ErrorKind.UNKNOWN_ORDER) {
                throw e;
            }
            return orderStatus(symbol, clientOrderId).orElseThrow(() -> e);
        }
        return orderStatus(symbol, clientOrderId).orElseThrow(() ->
                new ExchangeException(ErrorKind.UNKNOWN_ORDER, "51603", "cancelled order " + clientOrderId + " not found"));
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        JsonNode order;
        try {
            order = signed("GET", "/api/v5/trade/order?instId=" + encode(symbol) + "&clOrdId="
                    + encode(OkxClientIds.toVenue(clientOrderId)), null, 1, false).path("data").path(0);
        } catch (ExchangeException e) {
            if ("51603".equals(e.venueCode())) {
                return Optional.empty(); // Order does not exist
            }
            throw e;
        }
        if (order.isMissingNode()) {
            return Optional.empty();
        }
        List<Fill> fills = new ArrayList<>();
        if (orZero(decimal(order, "accFillSz")).signum() > 0) {
            String ordId = order.path("ordId").asString("");
            fills = fills("/api/v5/trade/fills", symbol, ordId);
            if (fills.isEmpty()) {
                fills = fills("/api/v5/trade/fills-history", symbol, ordId); // the last 3 months, not only 3 days
            }
            fills.sort(Comparator.comparing(Fill::time).thenComparing(Fill::tradeId));
        }
        return Optional.of(report(order, fills));
    }

    /** The order's fills, newest first, 100 a page (OKX's most), paged by {@code billId}. */
    private List<Fill> fills(String endpoint, String symbol, String ordId) {
        List<Fill> fills = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = signed("GET", endpoint + "?instType=SPOT&instId=" + encode(symbol) + "&ordId=" + encode(ordId)
                    + (after.isEmpty() ? "" : "&after=" + encode(after)) + "&limit=" + FILLS_PAGE, null, endpoint.endsWith("history") ? 6 : 1,
                    false).path("data");
            for (JsonNode fill : page) {
                fills.add(fill(fill));
                after = fill.path("billId").asString("");
            }
            if (page.size() < FILLS_PAGE || after.isEmpty()) {
                return fills;
            }
        }
    }

    @Override
    public List<OrderReport> openOrders() {
        // fills are not listed here: the host asks each order whose executed quantity moved
        List<OrderReport> open = new ArrayList<>();
        for (JsonNode order : signed("GET", "/api/v5/trade/orders-pending?instType=SPOT", null, 1, false).path("data")) {
            open.add(report(order, List.of()));
        }
        return open;
    }

    private static OrderReport report(JsonNode order, List<Fill> fills) {
        String ordType = order.path("ordType").asString("");
        OrderType type = "market".equals(ordType) ? OrderType.MARKET : OrderType.LIMIT; // limit, post_only, fok, ioc
        BigDecimal executed = orZero(decimal(order, "accFillSz"));
        BigDecimal quantity = decimal(order, "sz");
        if (type == OrderType.MARKET && "quote_ccy".equals(order.path("tgtCcy").asString(""))) {
            quantity = executed; // sz is a quote amount (an order placed outside Pyra): the base bought is what filled
        }
        Instant updated = millis(order, order.path("uTime").asString("").isEmpty() ? "cTime" : "uTime");
        return new OrderReport(OkxClientIds.fromVenue(order.path("clOrdId").asString("")), order.path("ordId").asString(""),
                order.path("instId").asString(""), "buy".equals(order.path("side").asString("")) ? Side.BUY : Side.SELL, type,
                status(order.path("state").asString("")), type == OrderType.LIMIT ? decimal(order, "px") : null, quantity,
                executed, fills, updated);
    }

    /** OKX's {@code fee} is signed: negative is a charge, positive a rebate; Pyra's commission is what was charged. */
    private static Fill fill(JsonNode fill) {
        String time = fill.path("fillTime").asString("").isEmpty() ? "ts" : "fillTime";
        return new Fill(fill.path("tradeId").asString(""), decimal(fill, "fillPx"), decimal(fill, "fillSz"),
                orZero(decimal(fill, "fee")).negate(), fill.path("feeCcy").asString(""), millis(fill, time));
    }

    private static OrderStatus status(String state) {
        return switch (state) {
            case "live" -> OrderStatus.NEW;
            case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
            case "filled" -> OrderStatus.FILLED;
            case "canceled", "mmp_canceled" -> OrderStatus.CANCELED;
            // a state OKX may add later reads as still working: the host keeps asking, never drops a live order
            default -> OrderStatus.NEW;
        };
    }

    // ---- requests ----------------------------------------------------------------------

    private Map<String, String> publicHeaders() {
        return demo ? Map.of("x-simulated-trading", "1") : Map.of();
    }

    /** OK-ACCESS-SIGN = Base64(HMAC-SHA256(secret, timestamp + METHOD + path with query + body)). */
    private JsonNode signed(String method, String pathAndQuery, String body, int weight, boolean placesOrder) {
        if (!authenticated) {
            throw new ExchangeException(ErrorKind.AUTH, ExchangeException.NO_KEY,
                    "no OKX API key configured (exchanges.okx.apiKey/apiSecret/passphrase)");
        }
        String timestamp = TIMESTAMP.format(Instant.now());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("OK-ACCESS-KEY", apiKey);
        headers.put("OK-ACCESS-SIGN", Signing.hmacSha256Base64(apiSecret, timestamp + method + pathAndQuery + (body == null ? "" : body)));
        headers.put("OK-ACCESS-TIMESTAMP", timestamp);
        headers.put("OK-ACCESS-PASSPHRASE", passphrase);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.putAll(publicHeaders());
        return http.send(method, pathAndQuery, body, headers, weight, placesOrder);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asString("");
        return text.isBlank() ? null : new BigDecimal(text);
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static Instant millis(JsonNode node, String field) {
        String text = node.path(field).asString("");
        return text.isBlank() ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(text));
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
