package dev.pyra.plugins.okx;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import org.pf4j.Extension;

/** OKX spot: {@code "testnet": true} trades on OKX's demo account (same host, {@code x-simulated-trading: 1}). */
@Extension
public final class OkxConnectorFactory implements ExchangeConnectorFactory {

    @Override
    public String venue() {
        return "okx";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new OkxConnector(config);
    }
}
