package dev.pyra.api.exchange;

/** What a connector can do, declared up front rather than discovered by catching exceptions. */
public enum Capability {
    SPOT,
    MARKET_ORDERS,
    LIMIT_ORDERS,
    /** Pushes order updates on its own (websocket or simulator), not only when polled. */
    ORDER_UPDATES,
    /** Serves public last prices ({@link ExchangeConnector#lastPrices}). */
    MARKET_DATA,
    /** Has a test network or demo account selectable in config. */
    TESTNET,
    /** A simulator whose market is moved by {@link SimulatedMarket#applyTicks}. */
    SIMULATED_MARKET
}
