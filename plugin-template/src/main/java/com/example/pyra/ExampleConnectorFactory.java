package com.example.pyra;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import org.pf4j.Extension;

/**
 * The venue id "example" is what users write in webhooks ({@code "exchange": "example"}) and in
 * config ({@code exchanges.example}). Rename it with the class.
 */
@Extension
public final class ExampleConnectorFactory implements ExchangeConnectorFactory {

    @Override
    public String venue() {
        return "example";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        return new ExampleConnector(config);
    }
}
