package dev.pyra.api.exchange;

import org.pf4j.ExtensionPoint;

/**
 * Creates connectors for one venue. Stateless: PF4J may hand out a new factory object on every
 * lookup, so the host creates each connector once and owns it.
 */
public interface ExchangeConnectorFactory extends ExtensionPoint {

    /** The venue id used in config and webhooks, lower case, e.g. {@code paper}. */
    String venue();

    ExchangeConnector create(ConnectorConfig config, ConnectorContext context);
}
