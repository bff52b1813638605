package dev.pyra.plugins.kucoin;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeConnectorFactory;
import dev.pyra.api.exchange.ExchangeException;
import org.pf4j.Extension;

/**
 * KuCoin spot, mainnet only: KuCoin retired its spot sandbox, so there is no {@code TESTNET}
 * capability, and {@code "testnet": true} is refused here at creation with
 * {@link ErrorKind#REJECTED} ({@code no-testnet}) rather than trading real funds by surprise.
 */
@Extension
public final class KucoinConnectorFactory implements ExchangeConnectorFactory {

    @Override
    public String venue() {
        return "kucoin";
    }

    @Override
    public ExchangeConnector create(ConnectorConfig config, ConnectorContext context) {
        if (config.testnet()) {
            throw new ExchangeException(ErrorKind.REJECTED, "no-testnet",
                    "KuCoin has no spot sandbox any more; remove \"testnet\": true (or use the paper venue)");
        }
        return new KucoinConnector(config);
    }
}
