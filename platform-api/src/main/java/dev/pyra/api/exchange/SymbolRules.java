package dev.pyra.api.exchange;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * A venue's trading rules for one symbol, normalized. A {@code null} limit means the venue sets
 * none (which is different from "unknown": unknown symbols have no rules at all). Prices and
 * quantities lie on grids starting at zero: a valid price is a whole multiple of {@code tickSize}.
 * Build one with {@link #builder}.
 *
 * @param symbol venue-native symbol as sent in orders, e.g. {@code BTCUSDT} or {@code BTC-USDT}
 * @param baseAsset e.g. {@code BTC}
 * @param quoteAsset e.g. {@code USDT}
 * @param trading false when the venue has halted the symbol (Binance {@code BREAK})
 * @param tickSize price increment
 * @param minPrice lowest accepted limit price
 * @param maxPrice highest accepted limit price
 * @param stepSize quantity increment for limit orders
 * @param minQty smallest quantity
 * @param maxQty largest quantity of a limit order
 * @param marketStepSize quantity increment for market orders, where the venue has a separate one
 * @param marketMinQty smallest quantity of a market order, where the venue has a separate one
 * @param marketMaxQty largest quantity of a market order, where the venue has a separate one
 * @param minNotional smallest price × quantity (quote currency)
 * @param maxNotional largest price × quantity (quote currency)
 * @param minNotionalAppliesToMarket whether {@code minNotional} is checked for market orders too
 * @param priceDecimals most decimals the venue accepts in a price (from the tick when not stated)
 * @param quantityDecimals most decimals the venue accepts in a quantity (from the step when not stated)
 */
public record SymbolRules(
        String symbol,
        String baseAsset,
        String quoteAsset,
        boolean trading,
        BigDecimal tickSize,
        BigDecimal minPrice,
        BigDecimal maxPrice,
        BigDecimal stepSize,
        BigDecimal minQty,
        BigDecimal maxQty,
        BigDecimal marketStepSize,
        BigDecimal marketMinQty,
        BigDecimal marketMaxQty,
        BigDecimal minNotional,
        BigDecimal maxNotional,
        boolean minNotionalAppliesToMarket,
        Integer priceDecimals,
        Integer quantityDecimals) {

    public SymbolRules {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(baseAsset, "baseAsset");
        Objects.requireNonNull(quoteAsset, "quoteAsset");
        tickSize = positiveOrNull(tickSize, "tickSize");
        stepSize = positiveOrNull(stepSize, "stepSize");
        marketStepSize = positiveOrNull(marketStepSize, "marketStepSize");
        minPrice = positiveOrNull(minPrice, "minPrice");
        maxPrice = positiveOrNull(maxPrice, "maxPrice");
        minQty = positiveOrNull(minQty, "minQty");
        maxQty = positiveOrNull(maxQty, "maxQty");
        marketMinQty = positiveOrNull(marketMinQty, "marketMinQty");
        marketMaxQty = positiveOrNull(marketMaxQty, "marketMaxQty");
        minNotional = positiveOrNull(minNotional, "minNotional");
        maxNotional = positiveOrNull(maxNotional, "maxNotional");
        if (priceDecimals == null && tickSize != null) {
            priceDecimals = Math.max(0, tickSize.scale());
        }
        if (quantityDecimals == null && stepSize != null) {
            quantityDecimals = Math.max(0, stepSize.scale());
        }
    }

    /** The key Pyra uses across venues: base and quote joined, upper case, e.g. {@code BTCUSDT}. */
    public String pairKey() {
        return (baseAsset + quoteAsset).toUpperCase(Locale.ROOT);
    }

    /** The quantity step of an order of this type. */
    public BigDecimal stepFor(OrderType type) {
        return type == OrderType.MARKET && marketStepSize != null ? marketStepSize : stepSize;
    }

    /** The smallest quantity of an order of this type (both minimums apply to a market order). */
    public BigDecimal minQtyFor(OrderType type) {
        return type == OrderType.MARKET ? larger(minQty, marketMinQty) : minQty;
    }

    /** The largest quantity of an order of this type (both maximums apply to a market order). */
    public BigDecimal maxQtyFor(OrderType type) {
        if (type != OrderType.MARKET || marketMaxQty == null) {
            return maxQty;
        }
        return maxQty == null ? marketMaxQty : maxQty.min(marketMaxQty);
    }

    private static BigDecimal larger(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.max(b);
    }

    /** Trailing zeros dropped ({@code "0.01000000"} becomes 0.01); zero means "no limit" on most venues, so it is null. */
    private static BigDecimal positiveOrNull(BigDecimal value, String name) {
        if (value == null || value.signum() == 0) {
            return null;
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value.toPlainString());
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static Builder builder(String symbol, String baseAsset, String quoteAsset) {
        return new Builder(symbol, baseAsset, quoteAsset);
    }

    /** Venues state their rules in many shapes; a connector sets what its venue states. */
    public static final class Builder {
        private final String symbol;
        private final String baseAsset;
        private final String quoteAsset;
        private boolean trading = true;
        private BigDecimal tickSize;
        private BigDecimal minPrice;
        private BigDecimal maxPrice;
        private BigDecimal stepSize;
        private BigDecimal minQty;
        private BigDecimal maxQty;
        private BigDecimal marketStepSize;
        private BigDecimal marketMinQty;
        private BigDecimal marketMaxQty;
        private BigDecimal minNotional;
        private BigDecimal maxNotional;
        private boolean minNotionalAppliesToMarket = true;
        private Integer priceDecimals;
        private Integer quantityDecimals;

        private Builder(String symbol, String baseAsset, String quoteAsset) {
            this.symbol = symbol;
            this.baseAsset = baseAsset;
            this.quoteAsset = quoteAsset;
        }

        public Builder trading(boolean value) {
            trading = value;
            return this;
        }

        public Builder tickSize(BigDecimal value) {
            tickSize = value;
            return this;
        }

        public Builder priceRange(BigDecimal min, BigDecimal max) {
            minPrice = min;
            maxPrice = max;
            return this;
        }

        public Builder stepSize(BigDecimal value) {
            stepSize = value;
            return this;
        }

        public Builder quantityRange(BigDecimal min, BigDecimal max) {
            minQty = min;
            maxQty = max;
            return this;
        }

        public Builder marketStepSize(BigDecimal value) {
            marketStepSize = value;
            return this;
        }

        public Builder marketQuantityRange(BigDecimal min, BigDecimal max) {
            marketMinQty = min;
            marketMaxQty = max;
            return this;
        }

        public Builder notionalRange(BigDecimal min, BigDecimal max) {
            minNotional = min;
            maxNotional = max;
            return this;
        }

        public Builder minNotionalAppliesToMarket(boolean value) {
            minNotionalAppliesToMarket = value;
            return this;
        }

        public Builder priceDecimals(Integer value) {
            priceDecimals = value;
            return this;
        }

        public Builder quantityDecimals(Integer value) {
            quantityDecimals = value;
            return this;
        }

        public SymbolRules build() {
            return new SymbolRules(symbol, baseAsset, quoteAsset, trading, tickSize, minPrice, maxPrice, stepSize, minQty, maxQty,
                    marketStepSize, marketMinQty, marketMaxQty, minNotional, maxNotional, minNotionalAppliesToMarket,
                    priceDecimals, quantityDecimals);
        }
    }
}
