package dev.pyra.plugins.binance;

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
import dev.pyra.connector.FinishedOrders;
import dev.pyra.connector.PushStream;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.ExchangeType;
import org.knowm.xchange.binance.dto.trade.BinanceNewOrder;
import org.knowm.xchange.binance.dto.trade.BinanceOrder;
import org.knowm.xchange.binance.dto.trade.BinanceTrade;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.binance.service.BinanceAccountServiceRaw;
import org.knowm.xchange.binance.service.BinanceTradeServiceRaw;
import org.knowm.xchange.currency.CurrencyPair;
import tools.jackson.databind.JsonNode;

/**
 * Binance spot. Public data (exchangeInfo, prices) comes over the JDK client, because XChange's
 * exchangeInfo DTO drops filter fields the precision engine needs ({@code applyMinToMarket},
 * {@code MARKET_LOT_SIZE} details); signed calls go through XChange's Binance module. Every call
 * first passes the throttle: request weight 6,000 per minute, 100 orders per 10 s and 200,000 per
 * day (Binance's published spot limits), paused by the venue's {@code Retry-After}.
 */
final class BinanceConnector implements ExchangeConnector {
    static final String MAINNET = "https://api.binance.com";
    static final String TESTNET = "https://testnet.binance.vision";

    private final boolean authenticated;
    private final String apiKey;
    private final String apiSecret;
    private final RequestThrottle throttle = new RequestThrottle("binance",
            List.of(new RequestThrottle.Limit("REQUEST_WEIGHT", 6000, Duration.ofMinutes(1))),
            List.of(new RequestThrottle.Limit("ORDERS_10S", 100, Duration.ofSeconds(10)),
                    new RequestThrottle.Limit("ORDERS_1D", 200_000, Duration.ofDays(1))));
    private final VenueHttp http;
    private final BinanceTradeServiceRaw trade;
    private final BinanceAccountServiceRaw account;
    /** Symbol → pair, learned from the rules: XChange addresses symbols as pairs. */
    private volatile Map<String, CurrencyPair> pairs = Map.of();

    static final String STREAM_MAINNET = "wss://ws-api.binance.com:443/ws-api/v3";
    static final String STREAM_TESTNET = "wss://ws-api.testnet.binance.vision/ws-api/v3";

    private final ConnectorContext context;
    /** Null when order updates are polled only (no key, switched off, or a stubbed base URL without a stream URL). */
    private final PushStream stream;
    private final FinishedOrders finished;

    BinanceConnector(ConnectorConfig config, ConnectorContext context) {
        this.context = context;
        this.finished = new FinishedOrders("binance", context);
        String baseUrl = config.baseUrl(MAINNET, TESTNET);
        Duration timeout = Duration.ofMillis(config.decimal("timeoutMillis").map(BigDecimal::longValue).orElse(10_000L));
        http = new VenueHttp("binance", baseUrl, timeout, throttle, BinanceErrors::read);
        // other programs on the same key spend the same weight: Binance's own count wins when higher
        http.watchHeaders(headers -> headers.firstValue("X-MBX-USED-WEIGHT-1M")
                .ifPresent(used -> throttle.observedWeight("REQUEST_WEIGHT", Integer.parseInt(used.trim()))));
        apiKey = config.string("apiKey").orElse("");
        apiSecret = config.string("apiSecret").orElse("");
        authenticated = !apiKey.isBlank() && !apiSecret.isBlank();

        ExchangeSpecification spec = new ExchangeSpecification(BinanceExchange.class);
        spec.setSslUri(baseUrl);
        spec.setHost(java.net.URI.create(baseUrl).getHost());
        spec.setExchangeSpecificParametersItem(BinanceExchange.EXCHANGE_TYPE, ExchangeType.SPOT);
        spec.setShouldLoadRemoteMetaData(false); // rules come from our own exchangeInfo call
        spec.setHttpReadTimeout((int) timeout.toMillis());
        spec.setHttpConnTimeout((int) timeout.toMillis());
        if (authenticated) {
            spec.setApiKey(apiKey);
            spec.setSecretKey(apiSecret);
        }
        BinanceExchange exchange = (BinanceExchange) ExchangeFactory.INSTANCE.createExchange(spec);
        trade = (BinanceTradeServiceRaw) exchange.getTradeService();
        account = (BinanceAccountServiceRaw) exchange.getAccountService();

        Optional<java.net.URI> streamUrl = PushStream.configuredUrl(config, authenticated, STREAM_MAINNET, STREAM_TESTNET);
        if (streamUrl.isPresent()) {
            stream = new PushStream("Binance", streamUrl.get(), PushStream.silence(config), this::subscription, this::onStreamMessage,
                    context::resync, null, null); // Binance pings every 20 s; the JDK answers
            stream.start();
        } else {
            stream = null;
        }
    }

    /**
     * Order updates over Binance's WebSocket API: {@code userDataStream.subscribe.signature}
     * (listenKey streams were removed on 2026-02-20, and the served XChange stream module still
     * uses them). Signed afresh on every connection.
     */
    private List<String> subscription() {
        long timestamp = System.currentTimeMillis();
        String signature = Signing.hmacSha256Hex(apiSecret, "apiKey=" + apiKey + "&timestamp=" + timestamp);
        return List.of("{\"id\":\"pyra-subscribe-" + timestamp + "\",\"method\":\"userDataStream.subscribe.signature\",\"params\":{"
                + "\"apiKey\":\"" + apiKey + "\",\"timestamp\":" + timestamp + ",\"signature\":\"" + signature + "\"}}");
    }

    private PushStream.Meaning onStreamMessage(JsonNode message) {
        if (message.has("status") && message.has("id")) {
            return message.path("status").asInt() == 200 ? PushStream.Meaning.SUBSCRIBED : PushStream.Meaning.REFUSED;
        }
        JsonNode event = message.path("event");
        return switch (event.path("e").asString("")) {
            case "executionReport" -> {
                onExecutionReport(event);
                yield PushStream.Meaning.OTHER;
            }
            case "eventStreamTerminated" -> PushStream.Meaning.ENDED;
            default -> PushStream.Meaning.OTHER; // balance updates: balances are read when needed
        };
    }

    /**
     * One {@code executionReport}: a trade is handed on at once with its fill; a finished order is
     * asked about over REST first, so its report carries every fill even if a push was missed.
     */
    private void onExecutionReport(JsonNode event) {
        String execution = event.path("x").asString("");
        String original = event.path("C").asString("");
        // a cancel's report names the cancel request in "c" and the order in "C"
        String clientOrderId = original.isBlank() ? event.path("c").asString() : original;
        String symbol = event.path("s").asString();
        OrderStatus status = status(event.path("X").asString());
        if (status.isTerminal()) {
            finished.complete(() -> orderStatus(symbol, clientOrderId));
            return;
        }
        List<Fill> fills = new ArrayList<>();
        if ("TRADE".equals(execution)) {
            fills.add(new Fill(Long.toString(event.path("t").asLong()), new BigDecimal(event.path("L").asString()),
                    new BigDecimal(event.path("l").asString()), new BigDecimal(event.path("n").asString("0")),
                    event.path("N").asString(""), Instant.ofEpochMilli(event.path("T").asLong())));
        }
        OrderType type = "LIMIT".equals(event.path("o").asString()) ? OrderType.LIMIT : OrderType.MARKET;
        context.publish(new OrderReport(clientOrderId, Long.toString(event.path("i").asLong()), symbol,
                "BUY".equals(event.path("S").asString()) ? Side.BUY : Side.SELL, type, status,
                type == OrderType.LIMIT ? new BigDecimal(event.path("p").asString()) : null, new BigDecimal(event.path("q").asString()),
                new BigDecimal(event.path("z").asString()), fills, Instant.ofEpochMilli(event.path("E").asLong())));
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
        return "binance";
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

    @Override
    public List<SymbolRules> symbolRules() {
        List<SymbolRules> rules = BinanceSymbolRules.parse(http.get("/api/v3/exchangeInfo", Map.of(), 20));
        Map<String, CurrencyPair> learned = new HashMap<>();
        rules.forEach(r -> learned.put(r.symbol(), new CurrencyPair(r.baseAsset(), r.quoteAsset())));
        pairs = Map.copyOf(learned);
        return rules;
    }

    @Override
    public List<PriceTick> lastPrices(Collection<String> symbols) {
        String list = "[" + String.join(",", symbols.stream().map(s -> "\"" + s + "\"").toList()) + "]";
        JsonNode prices = http.get("/api/v3/ticker/price?symbols=" + URLEncoder.encode(list, StandardCharsets.UTF_8), Map.of(), 4);
        Instant now = Instant.now();
        List<PriceTick> ticks = new ArrayList<>();
        for (JsonNode price : prices) {
            ticks.add(new PriceTick(price.path("symbol").asString(), new BigDecimal(price.path("price").asString()), now));
        }
        return ticks;
    }

    @Override
    public List<Balance> balances() {
        var info = signed(20, false, account::account);
        return info.balances.stream().filter(b -> b.getTotal().signum() > 0)
                .map(b -> new Balance(b.getCurrency().getCurrencyCode(), b.getAvailable(), b.getLocked())).toList();
    }

    @Override
    public OrderReport placeOrder(OrderRequest request) {
        CurrencyPair pair = pair(request.symbol());
        boolean limit = request.type() == OrderType.LIMIT;
        BinanceNewOrder placed;
        try {
            placed = signed(1, true, () -> trade.newOrder(pair, side(request.side()),
                    limit ? org.knowm.xchange.binance.dto.trade.OrderType.LIMIT : org.knowm.xchange.binance.dto.trade.OrderType.MARKET,
                    limit ? TimeInForce.GTC : null, request.quantity(), null, request.price(), request.clientOrderId(),
                    null, null, null, BinanceNewOrder.NewOrderResponseType.FULL));
        } catch (ExchangeException e) {
            // "Duplicate order sent.": an open order has this client id already, so the venue holds it
            if ("-2010".equals(e.venueCode()) && e.venueMessage() != null && e.venueMessage().contains("Duplicate order")) {
                return orderStatus(request.symbol(), request.clientOrderId()).orElseThrow(() -> e);
            }
            throw e;
        }
        if (placed == null || placed.clientOrderId == null || placed.status == null) {
            throw unreadable("the answer to placing " + request.clientOrderId(), null);
        }
        List<Fill> fills = new ArrayList<>();
        Instant at = Instant.ofEpochMilli(placed.transactTime);
        if (placed.fills != null) {
            for (BinanceTrade fill : placed.fills) {
                fills.add(new Fill(Long.toString(fill.tradeId), fill.price, fill.qty, fill.commission, fill.commissionAsset, at));
            }
        }
        return new OrderReport(placed.clientOrderId, Long.toString(placed.orderId), placed.symbol, request.side(), request.type(),
                status(placed.status), limit ? placed.price : null, placed.origQty, placed.executedQty, fills, at);
    }

    @Override
    public OrderReport cancelOrder(String symbol, String clientOrderId) {
        requireKey();
        http.send("DELETE", "/api/v3/order?" + signedQuery("symbol=" + symbol + "&origClientOrderId=" + clientOrderId), null, keyHeader(), 1, false);
        return orderStatus(symbol, clientOrderId).orElseThrow(() ->
                new ExchangeException(ErrorKind.UNKNOWN_ORDER, "-2013", "cancelled order " + clientOrderId + " not found"));
    }

    /**
     * Asked by client order id over the JDK client: XChange 5.2.4's {@code BinanceAuthenticated}
     * takes a primitive {@code long orderId} here, so it cannot ask by client order id alone,
     * which is what finding an order after a timeout needs.
     */
    @Override
    public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
        requireKey();
        CurrencyPair pair = pair(symbol);
        JsonNode order;
        try {
            order = http.get("/api/v3/order?" + signedQuery("symbol=" + symbol + "&origClientOrderId=" + clientOrderId), keyHeader(), 4);
        } catch (ExchangeException e) {
            if (e.kind() == ErrorKind.UNKNOWN_ORDER) {
                return Optional.empty(); // -2013 Order does not exist
            }
            throw e;
        }
        if (order == null || !order.hasNonNull("clientOrderId") || !order.hasNonNull("executedQty")) {
            throw unreadable("the answer about " + clientOrderId, null); // unreadable is not unknown: it may be there
        }
        long orderId = order.path("orderId").asLong();
        List<Fill> fills = new ArrayList<>();
        if (new BigDecimal(order.path("executedQty").asString()).signum() > 0) {
            // 1,000 trades a page (Binance's most), paged by trade id: a big order may have more
            Long fromId = null;
            while (true) {
                Long from = fromId;
                List<BinanceTrade> page = signed(20, false, () -> trade.myTradesAllProducts(pair, orderId, null, null, from, 1000));
                for (BinanceTrade fill : page) {
                    fills.add(new Fill(Long.toString(fill.id), fill.price, fill.qty, fill.commission, fill.commissionAsset,
                            Instant.ofEpochMilli(fill.time)));
                }
                if (page.size() < 1000) {
                    break;
                }
                fromId = page.getLast().id + 1;
            }
        }
        OrderType type = "LIMIT".equals(order.path("type").asString()) ? OrderType.LIMIT : OrderType.MARKET;
        return Optional.of(new OrderReport(order.path("clientOrderId").asString(), Long.toString(orderId), order.path("symbol").asString(),
                "BUY".equals(order.path("side").asString()) ? Side.BUY : Side.SELL, type,
                status(order.path("status").asString()),
                type == OrderType.LIMIT ? new BigDecimal(order.path("price").asString()) : null,
                new BigDecimal(order.path("origQty").asString()), new BigDecimal(order.path("executedQty").asString()), fills,
                Instant.ofEpochMilli(order.path("time").asLong())));
    }

    private String signedQuery(String params) {
        String query = params + "&recvWindow=5000&timestamp=" + System.currentTimeMillis();
        return query + "&signature=" + Signing.hmacSha256Hex(apiSecret, query);
    }

    private Map<String, String> keyHeader() {
        return Map.of("X-MBX-APIKEY", apiKey);
    }

    private void requireKey() {
        if (!authenticated) {
            throw new ExchangeException(ErrorKind.AUTH, ExchangeException.NO_KEY, "no Binance API key configured (exchanges.binance.apiKey/apiSecret)");
        }
    }

    @Override
    public List<OrderReport> openOrders() {
        // fills are not listed here: the host asks each order whose executed quantity moved
        return signed(80, false, trade::openOrdersAllProducts).stream().map(order -> report(order, List.of())).toList();
    }

    private static OrderReport report(BinanceOrder order, List<Fill> fills) {
        OrderType type = order.type == org.knowm.xchange.binance.dto.trade.OrderType.LIMIT ? OrderType.LIMIT : OrderType.MARKET;
        return new OrderReport(order.clientOrderId, Long.toString(order.orderId), order.symbol,
                order.side == OrderSide.BUY ? Side.BUY : Side.SELL, type, status(order.status),
                type == OrderType.LIMIT ? order.price : null, order.origQty, order.executedQty, fills,
                Instant.ofEpochMilli(order.time));
    }

    private static OrderStatus status(org.knowm.xchange.binance.dto.trade.OrderStatus status) {
        return status(status.name());
    }

    /** An order status Binance may add later reads as still working: the host keeps asking, never drops a live order. */
    static OrderStatus status(String status) {
        return switch (status) {
            case "NEW", "PENDING_NEW", "PENDING_CANCEL" -> OrderStatus.NEW;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
            case "FILLED" -> OrderStatus.FILLED;
            case "CANCELED" -> OrderStatus.CANCELED;
            case "REJECTED" -> OrderStatus.REJECTED;
            case "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.EXPIRED;
            default -> {
                org.slf4j.LoggerFactory.getLogger("pyra.venue").warn("Binance order status {} is new to Pyra: treated as working", status);
                yield OrderStatus.NEW;
            }
        };
    }

    private static OrderSide side(Side side) {
        return side == Side.BUY ? OrderSide.BUY : OrderSide.SELL;
    }

    private CurrencyPair pair(String symbol) {
        CurrencyPair pair = pairs.get(symbol);
        if (pair == null) {
            symbolRules(); // a symbol listed since the last refresh
            pair = pairs.get(symbol);
        }
        if (pair == null) {
            throw new ExchangeException(ErrorKind.UNKNOWN_SYMBOL, "-1121", "Binance does not list " + symbol);
        }
        return pair;
    }

    /** An answer that cannot be read: transient, since the order may have landed (it is asked about again, never assumed absent). */
    private static ExchangeException unreadable(String what, Throwable cause) {
        return new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "unreadable", "Binance's " + what + " could not be read", cause);
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> T signed(int weight, boolean placesOrder, Call<T> call) {
        requireKey();
        throttle.acquire(weight, placesOrder);
        try {
            return call.call();
        } catch (Exception e) {
            throw BinanceErrors.from(e, throttle);
        }
    }
}
