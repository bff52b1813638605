package dev.pyra.plugins.paper;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/** The paper venue: {@code "exchange": "paper"} in webhooks. */
@Extension
public final class PaperExchangeFactory implements ExchangeConnectorFactory {
    static final String VENUE = "paper";

    @Override
    public String venue() {
        return VENUE;
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        BigDecimal feePercent = config.decimal("feePercent").orElse(new BigDecimal("0.1"));
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        Map<String, Object> configured = config.section("startingBalances");
        if (configured.isEmpty()) {
            balances.put("USDT", new BigDecimal("10000"));
        }
        configured.forEach((asset, amount) -> balances.put(asset, new BigDecimal(amount.toString())));
        return new PaperExchange(BinanceExchangeInfo.load(), feePercent, balances, context);
    }
}
