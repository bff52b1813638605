package dev.pyra.plugins.mexc;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import org.pf4j.Extension;

/** MEXC spot, mainnet only: MEXC runs no spot testnet, so {@code "testnet": true} is refused. */
@Extension
public final class MexcConnectorFactory implements ExchangeConnectorFactory {

    @Override
    public String venue() {
        return "mexc";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new MexcConnector(config, context == null ? null : context.state());
    }
}
