package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderType;
import java.math.BigDecimal;

/** Binance's filter checks, applied as Binance applies them (zero means "no limit"). */
final class BinanceFilters {
    private BinanceFilters() {}

    /**
     * @param marketPrice the price a market order would trade at
     * @throws dev.pyra.api.exchange.ExchangeException {@code -1013 Filter failure: …} on the first filter violated
     */
    static void check(SymbolFilters f, OrderRequest order, BigDecimal marketPrice) {
        boolean market = order.type() == OrderType.MARKET;
        if (!market && !withinSteps(order.price(), f.minPrice(), f.maxPrice(), f.tickSize())) {
            throw BinanceErrors.filterFailure("PRICE_FILTER");
        }
        if (!withinSteps(order.quantity(), f.minQty(), f.maxQty(), f.stepSize())) {
            throw BinanceErrors.filterFailure("LOT_SIZE");
        }
        if (market && !withinSteps(order.quantity(), f.marketMinQty(), f.marketMaxQty(), f.marketStepSize())) {
            throw BinanceErrors.filterFailure("MARKET_LOT_SIZE");
        }
        BigDecimal notional = (market ? marketPrice : order.price()).multiply(order.quantity());
        if ((!market || f.applyMinToMarket()) && isSet(f.minNotional()) && notional.compareTo(f.minNotional()) < 0) {
            throw BinanceErrors.filterFailure("NOTIONAL");
        }
        if ((!market || f.applyMaxToMarket()) && isSet(f.maxNotional()) && notional.compareTo(f.maxNotional()) > 0) {
            throw BinanceErrors.filterFailure("NOTIONAL");
        }
    }

    /** {@code min <= value <= max} and {@code (value - min) % step == 0}, each only when set. */
    static boolean withinSteps(BigDecimal value, BigDecimal min, BigDecimal max, BigDecimal step) {
        if (isSet(min) && value.compareTo(min) < 0) {
            return false;
        }
        if (isSet(max) && value.compareTo(max) > 0) {
            return false;
        }
        if (isSet(step)) {
            BigDecimal base = isSet(min) ? min : BigDecimal.ZERO;
            return value.subtract(base).remainder(step).signum() == 0;
        }
        return true;
    }

    private static boolean isSet(BigDecimal limit) {
        return limit != null && limit.signum() != 0;
    }
}
