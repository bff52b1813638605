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

    /**
     * Called once for each enabled venue right after its plugin starts, on the plugin loader's
     * thread while the host starts its database: read bundled reference data and load what the
     * first {@link #create} would, so that start-up does not wait for it. No config, no network,
     * no state; a failure here is only logged ({@code create} reports the real one).
     */
    default void prepare() {}
}
