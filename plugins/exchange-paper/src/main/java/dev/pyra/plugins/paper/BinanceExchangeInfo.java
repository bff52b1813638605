package dev.pyra.plugins.paper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a body in Binance's {@code GET /api/v3/exchangeInfo} format into per-symbol filters. */
final class BinanceExchangeInfo {
    private static final String RESOURCE = "/dev/pyra/plugins/paper/exchangeInfo.json";

    private BinanceExchangeInfo() {}

    /** The bundled rules, read once per plugin class loader (a few hundred ms on a cold JVM: Jackson's first use). */
    static List<SymbolFilters> load() {
        return Bundled.RULES;
    }

    private static final class Bundled {
        static final List<SymbolFilters> RULES = List.copyOf(read());
    }

    private static List<SymbolFilters> read() {
        try (InputStream in = BinanceExchangeInfo.class.getResourceAsStream(RESOURCE)) {
            return parse(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SymbolFilters> parse(JsonNode exchangeInfo) {
        List<SymbolFilters> symbols = new ArrayList<>();
        for (JsonNode symbol : exchangeInfo.path("symbols")) {
            Map<String, JsonNode> filters = new HashMap<>();
            for (JsonNode filter : symbol.path("filters")) {
                filters.put(filter.path("filterType").asString(), filter);
            }
            JsonNode price = filters.get("PRICE_FILTER");
            JsonNode lot = filters.get("LOT_SIZE");
            JsonNode market = filters.get("MARKET_LOT_SIZE");
            // modern NOTIONAL, or the older MIN_NOTIONAL
            JsonNode notional = filters.containsKey("NOTIONAL") ? filters.get("NOTIONAL") : filters.get("MIN_NOTIONAL");
            symbols.add(new SymbolFilters(
                    symbol.path("symbol").asString(),
                    symbol.path("baseAsset").asString(),
                    symbol.path("quoteAsset").asString(),
                    symbol.path("status").asString(),
                    decimal(price, "minPrice"),
                    decimal(price, "maxPrice"),
                    decimal(price, "tickSize"),
                    decimal(lot, "minQty"),
                    decimal(lot, "maxQty"),
                    decimal(lot, "stepSize"),
                    decimal(market, "minQty"),
                    decimal(market, "maxQty"),
                    decimal(market, "stepSize"),
                    decimal(notional, "minNotional"),
                    notional != null && (notional.path("applyMinToMarket").asBoolean(false) || notional.path("applyToMarket").asBoolean(false)),
                    decimal(notional, "maxNotional"),
                    notional != null && notional.path("applyMaxToMarket").asBoolean(false)));
        }
        return symbols;
    }

    private static BigDecimal decimal(JsonNode filter, String field) {
        if (filter == null || !filter.hasNonNull(field)) {
            return null;
        }
        return new BigDecimal(filter.get(field).asString());
    }
}
