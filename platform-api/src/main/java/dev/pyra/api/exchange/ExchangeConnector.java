package dev.pyra.api.exchange;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One venue account. Every call may block on I/O: the engine calls it off its event loop. Errors
 * are {@link ExchangeException}s. Order updates the venue pushes go to
 * {@link ConnectorContext#publish(OrderReport)}.
 */
public interface ExchangeConnector extends AutoCloseable {

    /** The venue id, e.g. {@code paper} or {@code binance}. */
    String venue();

    Set<Capability> capabilities();

    /** Rules of every symbol the venue lists, halted ones included. */
    List<SymbolRules> symbolRules();

    List<Balance> balances();

    /**
     * Places an order. Placing a second order with a client order id the venue already knows
     * answers that order's report instead of placing again (or throws, never double-places).
     */
    OrderReport placeOrder(OrderRequest request);

    OrderReport cancelOrder(String symbol, String clientOrderId);

    /** The order with this client order id, or empty when the venue never received it. */
    Optional<OrderReport> orderStatus(String symbol, String clientOrderId);

    List<OrderReport> openOrders();

    /**
     * The last traded price of each of these venue symbols, from the venue's public market data
     * (no API key needed). Connectors with {@link Capability#MARKET_DATA} implement it; the host
     * polls it to drive take-profits, the risk engine and paper trading on live prices.
     */
    default List<PriceTick> lastPrices(Collection<String> symbols) {
        throw new ExchangeException(ErrorKind.REJECTED, "pyra", venue() + " serves no market data");
    }

    /**
     * How long after it left a placement request may still be carried out: the venue's receive
     * window for a signed request, plus the network. Pyra sends again an order the venue says it
     * never got only once this has passed since the first try. A simulator in the same process
     * answers zero.
     */
    default java.time.Duration requestLifetime() {
        return java.time.Duration.ofSeconds(90);
    }

    /**
     * What the connector is going through now, in a few words for the status console: a pause the
     * venue asked for and until when, an order stream that is down and when it is tried again.
     * Empty when all is well. Called often, from any thread: answer from memory, never ask the venue.
     */
    default java.util.Optional<String> condition() {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {}
}
