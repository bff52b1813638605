package dev.pyra.plugins.bybit;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import org.pf4j.Extension;

/** Bybit spot: {@code "testnet": true} trades on api-testnet.bybit.com. */
@Extension
public final class BybitConnectorFactory implements ExchangeConnectorFactory {

    @Override
    public String venue() {
        return "bybit";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new BybitConnector(config, context);
    }
}
