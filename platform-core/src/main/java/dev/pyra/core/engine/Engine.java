package dev.pyra.core.engine;

import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.SignalRepository;
import dev.pyra.core.signal.StoredSignal;
import dev.pyra.core.storage.BatchWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds events to the trading logic on the event loop, and journals each signal's outcome off
 * the loop. A signal stored but never decided (crash in between) is replayed at start.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.webhook");

    private final EventLoop loop;
    private final SignalHandler handler;
    private final SignalRepository signals;
    private final Clock clock;
    private final BatchWriter journal;

    /** Decisions made during the current event, written when it ends (on the loop). */
    private final List<SignalRepository.Decision> decided = new java.util.ArrayList<>();

    public Engine(EventLoop loop, SignalHandler handler, SignalRepository signals, Clock clock) {
        this.loop = loop;
        this.handler = handler;
        this.signals = signals;
        this.clock = clock;
        this.journal = signals.writer();
        // after the trading engine's own step (it journals the groups the event changed): a decision
        // is never durable without the state it made, so a crash between the two writes replays it
        loop.afterEachEvent(this::writeDecisions);
    }

    private void writeDecisions() {
        if (!decided.isEmpty()) {
            decided.forEach(d -> journal.submit(DECISIONS, d));
            decided.clear();
        }
    }

    /** Hands a stored signal to the loop; completes with the loop's decision. */
    public CompletableFuture<SignalOutcome> dispatch(StoredSignal signal) {
        return loop.submit(() -> {
            dev.pyra.core.logs.Correlation.signal(signal.id());
            SignalOutcome outcome;
            try {
                outcome = handler.onSignal(signal);
            } finally {
                dev.pyra.core.logs.Correlation.clear();
            }
            Instant decidedAt = clock.instant();
            // if this write is lost the signal stays 'received' and is decided again at the next start
            decided.add(new SignalRepository.Decision(signal.id(), outcome, decidedAt));
            return outcome;
        });
    }

    /** A decision made later than the webhook's answer (a queued signal promoted, deleted or expired); on the loop. */
    public void recordDecision(long signalId, SignalOutcome outcome) {
        decided.add(new SignalRepository.Decision(signalId, outcome, clock.instant()));
    }

    /** Logged by the journal's thread: the loop does no I/O, console and log files included. */
    private static final BatchWriter.Kind<SignalRepository.Decision, Void> DECISIONS = new BatchWriter.Kind<>() {
        @Override
        public int stage() {
            return 1;
        }

        @Override
        public List<Void> write(org.jdbi.v3.core.Handle handle, List<SignalRepository.Decision> decisions) {
            SignalRepository.recordDecisions(handle, decisions);
            for (SignalRepository.Decision d : decisions) {
                dev.pyra.core.logs.Correlation.signal(d.id()); // the decision's line carries its signal, as the engine's lines do
                log.info("Signal {} {}: {}", d.id(), d.outcome().status(), d.outcome().reason());
            }
            dev.pyra.core.logs.Correlation.clear();
            return java.util.Collections.nCopies(decisions.size(), null);
        }
    };

    /** Decides every signal stored by an earlier run that never got its decision recorded. */
    public void replayUndecided() {
        List<StoredSignal> pending = signals.undecided();
        if (!pending.isEmpty()) {
            log.warn("Replaying {} signal(s) stored but not decided before the last stop", pending.size());
            for (StoredSignal stored : pending) {
                java.util.Optional<String> applied = signals.appliedBefore(stored);
                if (applied.isPresent()) {
                    // its effect survived, its decision did not: record it, never execute it again
                    String reason = applied.get() + " before the restart (not executed again)";
                    journal.submit(DECISIONS, new SignalRepository.Decision(stored.id(), applied.get().startsWith("queued")
                            ? SignalOutcome.queued(reason) : SignalOutcome.executed(reason), clock.instant()));
                } else {
                    dispatch(stored);
                }
            }
        }
    }

    public void onOrderUpdate(String venue, OrderReport report) {
        try {
            loop.execute(() -> handler.onOrderUpdate(venue, report));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the venue keeps the order; the next start reconciles it by client order id
            log.warn("Order update for {} arrived while stopping; reconciled at the next start", report.clientOrderId());
        }
    }

    public void onTicks(String venue, List<PriceTick> ticks) {
        loop.execute(() -> ticks.forEach(tick -> handler.onTick(venue, tick)));
    }

    public int pendingEvents() {
        return loop.pending();
    }

    /** Stops at once, as a crash would: queued events and unwritten outcomes are lost. */
    public void halt() {
        loop.halt();
        journal.halt();
    }

    /** Finishes queued events, then the journal writes they produced. */
    @Override
    public void close() {
        loop.close();
        journal.flush();
    }
}
