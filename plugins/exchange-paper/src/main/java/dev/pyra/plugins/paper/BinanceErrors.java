package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;

/** Binance's own codes and messages, so the paper venue fails exactly where Binance would. */
final class BinanceErrors {
    private BinanceErrors() {}

    static ExchangeException invalidSymbol() {
        return new ExchangeException(ErrorKind.UNKNOWN_SYMBOL, "-1121", "Invalid symbol.");
    }

    static ExchangeException marketClosed() {
        return new ExchangeException(ErrorKind.REJECTED, "-2010", "Market is closed.");
    }

    static ExchangeException filterFailure(String filter) {
        return new ExchangeException(ErrorKind.PRECISION, "-1013", "Filter failure: " + filter);
    }

    static ExchangeException insufficientBalance() {
        return new ExchangeException(ErrorKind.INSUFFICIENT_BALANCE, "-2010", "Account has insufficient balance for requested action.");
    }

    static ExchangeException unknownOrder() {
        return new ExchangeException(ErrorKind.UNKNOWN_ORDER, "-2011", "Unknown order sent.");
    }

    static ExchangeException noMarketPrice(String symbol) {
        return new ExchangeException(ErrorKind.REJECTED, "-2010",
                "No market price for " + symbol + " yet: post a tick to /api/v1/paper/ticks first.");
    }
}
