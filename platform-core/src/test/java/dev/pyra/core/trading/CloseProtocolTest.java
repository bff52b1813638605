package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The close protocol ({@link GroupCloser}) one interleaving at a time, each placed on purpose:
 * the engine, its journal in PostgreSQL and a venue whose answers wait until the test lets them
 * through. Ladder: entry 50 % at market, legs at −1.5 % and −3 % (25 % each) of 300 USDT.
 */
class CloseProtocolTest {
    private final EngineSimulation sim = new EngineSimulation(7, 0, false);

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String state(GroupView group, int leg) {
        return group.pyramids().getFirst().legs().get(leg).state();
    }

    /** Opens group 1 on BTCUSDT at 60,000 and lets its entry fill; its two ladder buys are decided, not yet sent. */
    private GroupView entryFilledLadderInFlight() {
        assertThat(sim.signal("BTCUSDT", "entry", "buy").status()).isEqualTo("executed");
        sim.runCalls(); // the market entry fills
        sim.runEvents(); // its report arrives: the ladder is decided and handed to the gateway
        GroupView group = sim.group(1);
        assertThat(group.status()).isEqualTo("live");
        assertThat(sim.callsWaiting()).as("the two ladder buys on their way").isEqualTo(2);
        return group;
    }

    @Test
    void aLadderBuyStillOnItsWayIsCancelledWhenTheVenueAcknowledgesIt() {
        entryFilledLadderInFlight();

        sim.signal("BTCUSDT", "exit", "sell");

        // no cancel may overtake a placement: only the two buys and the close's sale are on their way
        assertThat(sim.callsWaiting()).isEqualTo(3);
        assertThat(sim.group(1).status()).isEqualTo("closing");
        sim.runCalls(); // the buys land (new), the sale fills
        assertThat(sim.openOnVenue()).hasSize(2);
        sim.runEvents(); // their acknowledgements arrive: each is cancelled now
        assertThat(sim.callsWaiting()).as("two cancels").isEqualTo(2);
        sim.runAll();

        GroupView closed = sim.group(1);
        assertThat(closed.status()).isEqualTo("closed");
        assertThat(state(closed, 1)).isEqualTo("cancelled");
        assertThat(state(closed, 2)).isEqualTo("cancelled");
        assertThat(sim.openOnVenue()).isEmpty();
        assertThat(sim.venue.holding("BTCUSDT")).isEqualByComparingTo("0");
    }

    @Test
    void anAcknowledgedBuyIsCancelledAtOnce() {
        entryFilledLadderInFlight();
        sim.runAll(); // the ladder rests on the venue, acknowledged
        assertThat(state(sim.group(1), 1)).isEqualTo("open");

        sim.signal("BTCUSDT", "exit", "sell");

        assertThat(sim.callsWaiting()).as("two cancels and the sale").isEqualTo(3);
        sim.runAll();
        assertThat(sim.group(1).status()).isEqualTo("closed");
        assertThat(sim.openOnVenue()).isEmpty();
    }

    @Test
    void aBuyDecidedInTheEventThatClosesTheGroupNeverLeaves() {
        sim.signal("BTCUSDT", "entry", "buy");
        sim.runAll();

        // one event: a pyramid entry decided, then the group closed by hand before the event ends
        sim.onLoop(engine -> {
            engine.onSignal(new dev.pyra.core.signal.StoredSignal(99, new dev.pyra.core.signal.Signal("sim", "BTCUSDT", "BTCUSDT",
                    "BTCUSDT", EngineSimulation.TIMEFRAME, dev.pyra.api.exchange.Side.BUY, dev.pyra.core.signal.SignalType.ENTRY, null,
                    new BigDecimal("60000"), "same-event", null), java.time.Instant.now()));
            return engine.closeByHand(1);
        });

        GroupView group = sim.group(1);
        assertThat(group.pyramids()).hasSize(2);
        assertThat(group.pyramids().get(1).legs().getFirst().state()).isEqualTo("cancelled");
        sim.runAll();
        assertThat(sim.venue.everyOrder()).as("the withdrawn entry never reached the venue").doesNotContainKey("pyra-1-1-0-b");
        assertThat(sim.group(1).status()).isEqualTo("closed");
    }

    @Test
    void aTakeProfitAndACloseInFlightTogetherSellEachTheirOwnPart() {
        sim.signal("BTCUSDT", "entry", "buy");
        sim.runAll();
        sim.tick("BTCUSDT", "58200"); // leg 1 (59,100) and leg 2 (58,200) fill
        sim.runAll();
        GroupView bought = sim.group(1);
        assertThat(bought.pyramids().getFirst().legs()).allMatch(l -> l.state().equals("tp-open"));

        // leg 2's own target (58,200 × 1.03 = 59,946), below leg 1's (60,282) and the aggregate (about 60,268): its take-profit leaves
        sim.tick("BTCUSDT", "60000");
        assertThat(sim.callsWaiting()).isEqualTo(1);
        sim.signal("BTCUSDT", "exit", "sell"); // the close sells the rest, while that take-profit is still out
        sim.runAll();

        GroupView closed = sim.group(1);
        assertThat(closed.status()).isEqualTo("closed");
        for (GroupView.LegView leg : closed.pyramids().getFirst().legs()) {
            assertThat(leg.soldQuantity()).as("leg %d sold what it bought", leg.index()).isEqualByComparingTo(leg.filledQuantity());
            assertThat(leg.sellingQuantity()).isZero();
        }
        assertThat(sim.venue.holding("BTCUSDT")).isEqualByComparingTo("0");
    }

    @Test
    void aCloseThatTakesTooLongIsReconciledAndThenShownUntilItResolves() {
        entryFilledLadderInFlight();
        sim.runAll();
        sim.venue.cancelsFail = true;

        sim.signal("BTCUSDT", "exit", "sell");
        sim.runAll();
        assertThat(sim.group(1).status()).isEqualTo("closing");
        assertThat(sim.group(1).closeProblem()).isNull();

        sim.timePasses(Duration.ofSeconds(31)); // past engine.closingTimeoutSeconds (30 here): reconciled, cancels sent again
        sim.runAll();
        assertThat(sim.group(1).closeProblem()).isNull();
        sim.timePasses(Duration.ofSeconds(31)); // one timeout later, still closing: what is unresolved is shown
        GroupView stuck = sim.group(1);
        assertThat(stuck.status()).isEqualTo("closing");
        assertThat(stuck.closeProblem()).contains("buy pyra-1-0-1-b: still working on sim, cancel sent", "buy pyra-1-0-2-b");

        sim.venue.cancelsFail = false;
        sim.timePasses(Duration.ofSeconds(31));
        sim.runAll();
        assertThat(sim.group(1).status()).isEqualTo("closed");
        assertThat(sim.group(1).closeProblem()).isNull();
        assertThat(sim.openOnVenue()).isEmpty();
    }

    @Test
    void aCrashBetweenTheSnapshotAndTheIntentSendsTheLadderBuyAfterTheRestart() {
        entryFilledLadderInFlight(); // the snapshot knows both ladder buys; neither intent was recorded
        sim.flushJournal();

        sim.crashAndRestart();
        sim.runAll();

        GroupView group = sim.group(1);
        assertThat(state(group, 1)).isEqualTo("open");
        assertThat(state(group, 2)).isEqualTo("open");
        assertThat(sim.openOnVenue()).extracting(r -> r.clientOrderId()).containsExactlyInAnyOrder("pyra-1-0-1-b", "pyra-1-0-2-b");
    }

    @Test
    void aCrashBetweenTheSnapshotAndTheIntentOfAClosingGroupNeverSendsItsBuy() {
        entryFilledLadderInFlight();
        sim.signal("BTCUSDT", "exit", "sell"); // closing, its ladder buys decided but never handed to the venue
        sim.flushJournal(); // the closing snapshot is durable; the buys' intents never were

        sim.crashAndRestart();
        sim.runAll();

        assertThat(sim.group(1).status()).isEqualTo("closed");
        assertThat(sim.venue.everyOrder()).doesNotContainKeys("pyra-1-0-1-b", "pyra-1-0-2-b");
        assertThat(sim.venue.holding("BTCUSDT")).isEqualByComparingTo("0");
    }

    @Test
    void anEntryThatMeetsItsGroupClosingWaitsAndOpensTheNextGroup() {
        entryFilledLadderInFlight();
        sim.signal("BTCUSDT", "exit", "sell");

        var reversal = sim.signal("BTCUSDT", "entry", "buy");

        assertThat(reversal.status()).isEqualTo("queued");
        assertThat(reversal.reason()).startsWith("group 1 is still closing (exit signal 2)");
        sim.runAll();
        assertThat(sim.group(1).status()).isEqualTo("closed");
        assertThat(sim.group(2).status()).isEqualTo("live");
    }
}
