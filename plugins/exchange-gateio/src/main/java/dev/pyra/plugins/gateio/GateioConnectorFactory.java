package dev.pyra.plugins.gateio;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import org.pf4j.Extension;

/** Gate.io spot: {@code "testnet": true} trades on Gate's spot testnet (api-testnet.gateapi.io). */
@Extension
public final class GateioConnectorFactory implements ExchangeConnectorFactory {

    @Override
    public String venue() {
        return "gateio";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new GateioConnector(config, context);
    }
}
