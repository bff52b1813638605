package dev.pyra.connector;

import dev.pyra.api.exchange.ConnectorContext;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A pushed update says an order finished: its complete report (every fill) is asked for over
 * REST, off the stream's thread, and handed to the host. If the venue cannot say, the host is
 * asked to re-sync, so a finished order is never reported with fills missing.
 */
public final class FinishedOrders implements AutoCloseable {
    private final ConnectorContext context;
    private final ExecutorService asker;

    public FinishedOrders(String venue, ConnectorContext context) {
        this.context = context;
        this.asker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("pyra-" + venue + "-finished").factory());
    }

    /** @param ask the venue's {@code orderStatus} for the finished order */
    public void complete(Supplier<Optional<OrderReport>> ask) {
        asker.execute(() -> {
            try {
                ask.get().ifPresent(context::publish);
            } catch (ExchangeException e) {
                context.resync();
            }
        });
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
