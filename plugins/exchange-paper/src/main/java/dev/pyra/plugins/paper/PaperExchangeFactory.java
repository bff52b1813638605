package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The paper venue: {@code "exchange": "paper"} in webhooks. Settings: {@code feePercent}
 * (default 0.1) and {@code startingBalances} (asset to amount, default 10,000 USDT), the latter
 * used only when the account is first created.
 */
@Extension
public final class PaperExchangeFactory implements ExchangeConnectorFactory {
    static final String VENUE = "paper";
    private static final BigDecimal DEFAULT_FEE_PERCENT = new BigDecimal("0.1");
    private static final Map<String, BigDecimal> DEFAULT_BALANCES = Map.of("USDT", new BigDecimal("10000"));

    @Override
    public String venue() {
        return VENUE;
    }

    /** Reads the bundled symbol rules and builds the saved account's reader while the host starts its database. */
    @Override
    public void prepare() {
        BinanceExchangeInfo.load();
        PaperExchange.prepareStateReader();
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new PaperExchange(BinanceExchangeInfo.load(), feePercent(config), startingBalances(config), context);
    }

    static BigDecimal feePercent(ConnectorConfig config) {
        BigDecimal fee = config.decimal("feePercent").orElse(DEFAULT_FEE_PERCENT);
        if (fee.signum() < 0 || fee.compareTo(new BigDecimal("100")) >= 0) {
            throw new IllegalArgumentException("exchanges.paper.feePercent must be at least 0 and below 100, was " + fee.toPlainString());
        }
        return fee;
    }

    static Map<String, BigDecimal> startingBalances(ConnectorConfig config) {
        Map<String, Object> configured = config.section("startingBalances");
        if (configured.isEmpty()) {
            return DEFAULT_BALANCES;
        }
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        configured.forEach((asset, value) -> {
            BigDecimal amount = new BigDecimal(value.toString());
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("exchanges.paper.startingBalances." + asset + " must not be negative");
            }
            balances.put(asset, amount);
        });
        return balances;
    }
}
