package com.example.pyra;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connector for "Example", a small REST venue (its API is described in the template's README).
 * Replace the endpoints, the signing and the error codes with your venue's; keep the shape:
 * <ul>
 *   <li>every call goes through {@link VenueHttp}, which waits on the {@link RequestThrottle} and
 *       turns timeouts, resets, 429/418 and 5xx into typed {@link ExchangeException}s;</li>
 *   <li>your venue's error bodies become {@link ErrorKind}s in {@link #error}, its code and message kept;</li>
 *   <li>orders are placed, asked about and cancelled by Pyra's client order id, and
 *       {@link #orderStatus} answers empty when the venue says it never got the order: that is
 *       how Pyra finds an order after a timeout instead of placing it twice.</li>
 * </ul>
 */
final class ExampleConnector implements ExchangeConnector {
    static final String MAINNET = "https://api.example.com";
    static final String TESTNET = "https://testnet.example.com";

    private final VenueHttp http;
    private final String apiKey;
    private final String apiSecret;

    ExampleConnector(ConnectorConfig config) {
        Duration timeout = Duration.ofMillis(config.decimal("timeoutMillis").map(BigDecimal::longValue).orElse(10_000L));
        // the venue's published limits: 1,200 weight per minute, 50 orders per 10 s
        RequestThrottle throttle = new RequestThrottle("example",
                List.of(new RequestThrottle.Limit("weight", 1200, Duration.ofMinutes(1))),
                List.of(new RequestThrottle.Limit("orders", 50, Duration.ofSeconds(10))));
        http = new VenueHttp("example", config.baseUrl(MAINNET, TESTNET), timeout, throttle, ExampleConnector::error);
        apiKey = config.string("apiKey").orElse("");
        apiSecret = config.string("apiSecret").orElse("");
    }

    @Override
    public String venue() {
        return "example";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS, Capability.MARKET_DATA, Capability.TESTNET);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        List<SymbolRules> rules = new ArrayList<>();
        for (JsonNode market : http.get("/v1/markets", Map.of(), 5).path("markets")) {
            rules.add(SymbolRules.builder(market.path("symbol").asString(), market.path("base").asString(), market.path("quote").asString())
                    .trading("open".equals(market.path("status").asString()))
                    .tickSize(decimal(market, "tickSize"))
                    .stepSize(decimal(market, "stepSize"))
                    .quantityRange(decimal(market, "minQty"), null)
                    .notionalRange(decimal(market, "minNotional"), null)
                    .build());
        }
        return rules;
    }

    @Override
    public List<PriceTick> lastPrices(Collection<String> symbols) {
        JsonNode prices = http.get("/v1/prices?symbols=" + String.join(",", symbols), Map.of(), 1);
        Instant now = Instant.now();
        List<PriceTick> ticks = new ArrayList<>();
        for (JsonNode price : prices.path("prices")) {
            ticks.add(new PriceTick(price.path("symbol").asString(), decimal(price, "last"), now));
        }
        return ticks;
    }

    @Override
    public List<Balance> balances() {
        List<Balance> balances = new ArrayList<>();
        for (JsonNode balance : signed("GET", "/v1/balances", null, 5, false).path("balances")) {
            Balance b = new Balance(balance.path("asset").asString(), decimal(balance, "free"), decimal(balance, "locked"));
            if (b.total().signum() > 0) {
                balances.add(b);
            }
        }
        return balances;
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        ObjectNode body = VenueHttp.json().createObjectNode()
                .put("clientId", request.clientOrderId())
                .put("symbol", request.symbol())
                .put("side", request.side().name().toLowerCase(Locale.ROOT))
                .put("type", request.type().name().toLowerCase(Locale.ROOT))
                .put("quantity", request.quantity().toPlainString());
        if (request.price() != null) {
            body.put("price", request.price().toPlainString());
        }
        return report(signed("POST", "/v1/orders", body.toString(), 1, true));
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        return report(signed("DELETE", "/v1/orders/" + clientOrderId, null, 1, false));
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        try {
            return Optional.of(report(signed("GET", "/v1/orders/" + clientOrderId, null, 1, false)));
        } catch (ExchangeException e) {
            if (e.kind() == ErrorKind.UNKNOWN_ORDER) {
                return Optional.empty(); // the venue never got it: Pyra may send it again
            }
            throw e;
        }
    }

    /** For the status console: a pause the venue asked for (429/418) and until when. */
    @Override
    public Optional<String> condition() {
        return http.throttle().condition();
    }

    @Override
    public List<OrderReport> openOrders() {
        List<OrderReport> open = new ArrayList<>();
        for (JsonNode order : signed("GET", "/v1/orders?status=open", null, 5, false).path("orders")) {
            open.add(report(order));
        }
        return open;
    }

    /** Example signs {@code timestamp + METHOD + path + body} with HMAC-SHA256, hex. */
    private JsonNode signed(String method, String path, String body, int weight, boolean placesOrder) {
        if (apiKey.isBlank() || apiSecret.isBlank()) {
            throw new ExchangeException(ErrorKind.AUTH, ExchangeException.NO_KEY, "no API key configured (exchanges.example.apiKey/apiSecret)");
        }
        String timestamp = Long.toString(System.currentTimeMillis());
        String signature = Signing.hmacSha256Hex(apiSecret, timestamp + method + path + (body == null ? "" : body));
        Map<String, String> headers = body == null
                ? Map.of("X-API-KEY", apiKey, "X-TIMESTAMP", timestamp, "X-SIGNATURE", signature)
                : Map.of("X-API-KEY", apiKey, "X-TIMESTAMP", timestamp, "X-SIGNATURE", signature, "Content-Type", "application/json");
        return http.send(method, path, body, headers, weight, placesOrder);
    }

    private OrderReport report(JsonNode answer) {
        // {} or [] where an order was due is no acknowledgement: a transient error, and the host asks again
        JsonNode order = http.expect(answer, "an order question", "clientId", "id", "status", "updatedAt");
        List<Fill> fills = new ArrayList<>();
        for (JsonNode fill : order.path("fills")) {
            fills.add(new Fill(fill.path("id").asString(), decimal(fill, "price"), decimal(fill, "quantity"), decimal(fill, "fee"),
                    fill.path("feeAsset").asString(), Instant.parse(fill.path("time").asString())));
        }
        OrderType type = "limit".equals(order.path("type").asString()) ? OrderType.LIMIT : OrderType.MARKET;
        return new OrderReport(order.path("clientId").asString(), order.path("id").asString(), order.path("symbol").asString(),
                "buy".equals(order.path("side").asString()) ? Side.BUY : Side.SELL, type, status(order.path("status").asString()),
                type == OrderType.LIMIT ? decimal(order, "price") : null, decimal(order, "quantity"), decimal(order, "filled"), fills,
                Instant.parse(order.path("updatedAt").asString()));
    }

    private static OrderStatus status(String status) {
        return switch (status) {
            case "open" -> OrderStatus.NEW;
            case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
            case "filled" -> OrderStatus.FILLED;
            case "cancelled" -> OrderStatus.CANCELED;
            case "rejected" -> OrderStatus.REJECTED;
            default -> OrderStatus.EXPIRED;
        };
    }

    /** Example's error body: {@code {"error": "INSUFFICIENT_FUNDS", "message": "..."}}. */
    static ExchangeException error(int status, JsonNode body) {
        JsonNode code = body.get("error");
        if (status < 400 || code == null || !code.isString()) {
            return null;
        }
        ErrorKind kind = switch (code.asString()) {
            case "INSUFFICIENT_FUNDS" -> ErrorKind.INSUFFICIENT_BALANCE;
            case "INVALID_QUANTITY", "INVALID_PRICE", "BELOW_MIN_NOTIONAL" -> ErrorKind.PRECISION;
            case "UNKNOWN_SYMBOL" -> ErrorKind.UNKNOWN_SYMBOL;
            case "ORDER_NOT_FOUND" -> ErrorKind.UNKNOWN_ORDER;
            case "UNAUTHORIZED", "INVALID_SIGNATURE" -> ErrorKind.AUTH;
            case "TOO_MANY_REQUESTS" -> ErrorKind.RATE_LIMITED;
            case "MAINTENANCE" -> ErrorKind.VENUE_UNAVAILABLE;
            default -> ErrorKind.REJECTED;
        };
        return new ExchangeException(kind, code.asString(), body.path("message").asString(""));
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : new BigDecimal(value.asString());
    }
}
