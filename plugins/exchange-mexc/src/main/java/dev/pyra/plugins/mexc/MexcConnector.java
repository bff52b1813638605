package dev.pyra.plugins.mexc;

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
import dev.pyra.api.exchange.StateStore;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.connector.RequestThrottle;
import dev.pyra.connector.Signing;
import dev.pyra.connector.VenueHttp;
import java.math.BigDecimal;
import java.net.URLEncoder;
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
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * MEXC spot over the v3 REST API ({@code https://api.mexc.com}), on the connector kit's JDK client.
 * XChange is not used: its {@code xchange-mexc} module is not published to Maven Central and speaks
 * the retired {@code /open/api/v2} API, which can neither query nor cancel an order by client order id.
 *
 * <p>Signed calls send every parameter in the query string with {@code recvWindow} and
 * {@code timestamp}, signed by HMAC-SHA256 (lower-case hex) of that query string, and the key in
 * {@code X-MEXC-APIKEY}. Pyra's client order ids (lower-case letters, digits, {@code -}, at most 36)
 * go to MEXC's {@code newClientOrderId} unchanged and come back unchanged. MEXC answers a new order
 * with an acknowledgement only (no status, no fills), so placing asks the order back by client order
 * id. MEXC's open-orders endpoint needs a symbol: the connector remembers, in its state store, the
 * symbols it has placed on and asks those.
 *
 * <p>Every call passes the throttle first: MEXC's published limit of 500 weight per 10 s (IP and
 * UID, spot v3 "Limits"), with each endpoint's documented weight; a 429 (HTTP, or code 429/510 in
 * the body) pauses it for {@code Retry-After}. MEXC runs no spot testnet: {@code "testnet": true} is
 * refused.
 */
final class MexcConnector implements ExchangeConnector {
    static final String MAINNET = "https://api.mexc.com";
    private static final String SYMBOLS_KEY = "symbols";
    private static final long RECV_WINDOW = 5000;

    private final boolean authenticated;
    private final String apiKey;
    private final String apiSecret;
    private final RequestThrottle throttle = new RequestThrottle("mexc",
            List.of(new RequestThrottle.Limit("WEIGHT_10S", 500, Duration.ofSeconds(10))),
            List.of(new RequestThrottle.Limit("ORDERS_10S", 500, Duration.ofSeconds(10))));
    private final MexcErrors errors = new MexcErrors(throttle);
    private final VenueHttp http;
    private final StateStore state;
    private final Set<String> tradedSymbols = new TreeSet<>();

    MexcConnector(ConnectorConfig config, StateStore state) {
        if (config.testnet()) {
            throw new ExchangeException(ErrorKind.REJECTED, "no-testnet",
                    "MEXC has no spot testnet or demo account; remove \"testnet\": true to trade on mainnet");
        }
        String baseUrl = config.baseUrl(MAINNET, MAINNET);
        Duration timeout = Duration.ofMillis(config.decimal("timeoutMillis").map(BigDecimal::longValue).orElse(10_000L));
        http = new VenueHttp("mexc", baseUrl, timeout, throttle, errors::read);
        http.watchHeaders(errors::sawHeaders);
        apiKey = config.string("apiKey").orElse("");
        apiSecret = config.string("apiSecret").orElse("");
        authenticated = !apiKey.isBlank() && !apiSecret.isBlank();
        this.state = state;
        if (state != null) {
            state.get(SYMBOLS_KEY).ifPresent(saved -> {
                for (String symbol : saved.split(",")) {
                    if (!symbol.isBlank()) {
                        tradedSymbols.add(symbol.trim());
                    }
                }
            });
        }
    }

    @Override
    public String venue() {
        return "mexc";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SPOT, Capability.MARKET_ORDERS, Capability.LIMIT_ORDERS, Capability.MARKET_DATA);
    }

    @Override
    public List<SymbolRules> symbolRules() {
        return MexcSymbolRules.parse(http.get("/api/v3/exchangeInfo", Map.of(), 10));
    }

    @Override
    public List<PriceTick> lastPrices(Collection<String> symbols) {
        Instant now = Instant.now();
        List<PriceTick> ticks = new ArrayList<>();
        if (symbols.size() == 1) {
            JsonNode price = http.get("/api/v3/ticker/price?symbol=" + encode(symbols.iterator().next()), Map.of(), 1);
            ticks.add(new PriceTick(price.path("symbol").asString(), new BigDecimal(price.path("price").asString()), now));
            return ticks;
        }
        // MEXC takes one symbol or none (all symbols, weight 2)
        Set<String> wanted = new HashSet<>(symbols);
        for (JsonNode price : http.get("/api/v3/ticker/price", Map.of(), 2)) {
            String symbol = price.path("symbol").asString();
            if (wanted.contains(symbol)) {
                ticks.add(new PriceTick(symbol, new BigDecimal(price.path("price").asString()), now));
            }
        }
        return ticks;
    }

    @Override
    public List<Balance> balances() {
        JsonNode account = signedCall("GET", "/api/v3/account", new LinkedHashMap<>(), 10, false);
        List<Balance> balances = new ArrayList<>();
        for (JsonNode b : account.path("balances")) {
            Balance balance = new Balance(b.path("asset").asString(), decimal(b, "free"), decimal(b, "locked"));
            if (balance.total().signum() > 0) {
                balances.add(balance);
            }
        }
        return balances;
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        boolean limit = request.type() == OrderType.LIMIT;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", request.symbol());
        params.put("side", request.side().name());
        params.put("type", limit ? "LIMIT" : "MARKET");
        // quantity is the base asset for a market buy too (quoteOrderQty would be the quote amount)
        params.put("quantity", request.quantity().toPlainString());
        if (limit) {
            params.put("price", request.price().toPlainString());
            params.put("timeInForce", "GTC");
        }
        params.put("newClientOrderId", toVenueId(request.clientOrderId()));
        requireKey();
        remember(request.symbol());
        JsonNode ack = http.expect(signedCall("POST", "/api/v3/order", params, 1, true), "placing " + request.clientOrderId(), "orderId");
        try {
            Optional<OrderReport> known = orderStatus(request.symbol(), request.clientOrderId());
            if (known.isPresent()) {
                return known.get();
            }
        } catch (ExchangeException e) {
            // placed; the host asks again by client order id
        }
        // MEXC's acknowledgement: the order is on the venue, nothing is known about fills yet
        return new OrderReport(request.clientOrderId(), ack.path("orderId").asString(null), request.symbol(), request.side(),
                request.type(), OrderStatus.NEW, limit ? request.price() : null, request.quantity(), BigDecimal.ZERO, List.of(),
                ack.hasNonNull("transactTime") ? Instant.ofEpochMilli(ack.path("transactTime").asLong()) : Instant.now());
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("origClientOrderId", toVenueId(clientOrderId));
        signedCall("DELETE", "/api/v3/order", params, 1, false);
        return orderStatus(symbol, clientOrderId).orElseThrow(() ->
                new ExchangeException(ErrorKind.UNKNOWN_ORDER, "-2013", "cancelled order " + clientOrderId + " not found"));
    }

    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("origClientOrderId", toVenueId(clientOrderId));
        JsonNode order;
        try {
            order = http.expect(signedCall("GET", "/api/v3/order", params, 2, false), "a question about " + clientOrderId,
                    "orderId", "status", "executedQty");
        } catch (ExchangeException e) {
            if (e.kind() == ErrorKind.UNKNOWN_ORDER) {
                return Optional.empty(); // -2013 Order does not exist
            }
            throw e;
        }
        List<Fill> fills = new ArrayList<>();
        String orderId = order.path("orderId").asString();
        if (decimal(order, "executedQty").signum() > 0) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("symbol", symbol);
            query.put("orderId", orderId);
            for (JsonNode trade : signedCall("GET", "/api/v3/myTrades", query, 10, false)) {
                if (!orderId.equals(trade.path("orderId").asString(orderId))) {
                    continue;
                }
                fills.add(new Fill(trade.path("id").asString(), decimal(trade, "price"), decimal(trade, "qty"),
                        decimal(trade, "commission"), trade.path("commissionAsset").asString(),
                        Instant.ofEpochMilli(trade.path("time").asLong())));
            }
        }
        return Optional.of(report(order, clientOrderId, fills));
    }

    @Override
    public List<OrderReport> openOrders() {
        List<String> symbols;
        synchronized (tradedSymbols) {
            symbols = List.copyOf(tradedSymbols);
        }
        List<OrderReport> open = new ArrayList<>();
        for (String symbol : symbols) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("symbol", symbol);
            // fills are not listed here: the host asks each order whose executed quantity moved
            for (JsonNode order : signedCall("GET", "/api/v3/openOrders", params, 3, false)) {
                open.add(report(order, null, List.of()));
            }
        }
        return open;
    }

    // ---- MEXC's order object ---------------------------------------------------------------

    private static OrderReport report(JsonNode order, String askedClientOrderId, List<Fill> fills) {
        String venueId = order.path("clientOrderId").asString("");
        String clientOrderId = venueId.isBlank() ? askedClientOrderId : fromVenueId(venueId);
        if (clientOrderId == null) {
            clientOrderId = order.path("orderId").asString(); // placed outside Pyra without a client id
        }
        OrderType type = "MARKET".equals(order.path("type").asString()) ? OrderType.MARKET : OrderType.LIMIT;
        long time = order.path("time").asLong(0);
        long updated = order.path("updateTime").asLong(0);
        return new OrderReport(clientOrderId, order.path("orderId").asString(), order.path("symbol").asString(),
                "BUY".equals(order.path("side").asString()) ? Side.BUY : Side.SELL, type, status(order.path("status").asString()),
                type == OrderType.LIMIT ? decimal(order, "price") : null, decimal(order, "origQty"), decimal(order, "executedQty"),
                fills, Instant.ofEpochMilli(updated > 0 ? updated : time));
    }

    static OrderStatus status(String status) {
        return switch (status) {
            case "NEW" -> OrderStatus.NEW;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
            case "FILLED" -> OrderStatus.FILLED;
            case "CANCELED", "PARTIALLY_CANCELED" -> OrderStatus.CANCELED;
            case "REJECTED" -> OrderStatus.REJECTED;
            case "EXPIRED" -> OrderStatus.EXPIRED;
            // a status MEXC may add later reads as still working: the host keeps asking, never drops a live order
            default -> OrderStatus.NEW;
        };
    }

    /**
     * Pyra's ids (lower-case letters, digits, {@code -}, at most 36) are within what MEXC's
     * {@code newClientOrderId} takes, so the mapping is the identity; kept as the one place to change.
     */
    static String toVenueId(String clientOrderId) {
        return clientOrderId;
    }

    static String fromVenueId(String venueClientOrderId) {
        return venueClientOrderId;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? BigDecimal.ZERO : new BigDecimal(value.asString());
    }

    // ---- signing --------------------------------------------------------------------------

    private JsonNode signedCall(String method, String path, Map<String, String> params, int weight, boolean placesOrder) {
        requireKey();
        String query = params.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        query = (query.isEmpty() ? "" : query + "&") + "recvWindow=" + RECV_WINDOW + "&timestamp=" + System.currentTimeMillis();
        String signed = query + "&signature=" + Signing.hmacSha256Hex(apiSecret, query);
        return http.send(method, path + "?" + signed, null, Map.of("X-MEXC-APIKEY", apiKey, "Content-Type", "application/json"),
                weight, placesOrder);
    }

    private void requireKey() {
        if (!authenticated) {
            throw new ExchangeException(ErrorKind.AUTH, ExchangeException.NO_KEY, "no MEXC API key configured (exchanges.mexc.apiKey/apiSecret)");
        }
    }

    private void remember(String symbol) {
        synchronized (tradedSymbols) {
            if (tradedSymbols.add(symbol) && state != null) {
                state.put(SYMBOLS_KEY, String.join(",", tradedSymbols));
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
