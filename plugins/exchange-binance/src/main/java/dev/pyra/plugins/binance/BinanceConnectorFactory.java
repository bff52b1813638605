package dev.pyra.plugins.binance;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import org.pf4j.Extension;

/** Binance spot: {@code "testnet": true} trades on testnet.binance.vision. */
@Extension
public final class BinanceConnectorFactory implements ExchangeConnectorFactory {

    @Override
    public String venue() {
        return "binance";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new BinanceConnector(config, context);
    }
}
