package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.hooks.Hooks;
import dev.pyra.core.signal.SignalOutcome;
import dev.pyra.core.signal.SignalType;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The signal-intake room on its own: the user's filter, where each kind of signal goes, and the new pyramid it opens. */
class SignalDeskTest {
    private final Desks desks = new Desks();
    private final SignalDesk desk = desks.signalDesk;

    @AfterEach
    void stop() {
        desks.close();
    }

    private PositionGroup open(String pair) {
        desks.price(pair, "60000");
        SignalOutcome outcome = desk.onSignal(desks.entry(pair, "60000"));
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo("executed");
        return desks.book.openOn(new GroupKey("paper", pair, "60", Side.BUY));
    }

    @Test
    void aFirstEntryOpensAGroupAndSendsItsEntryAtMarketSizedAtTheMarketsPrice() {
        desks.price("BTCUSDT", "60000");
        StoredSignal entry = desks.entry("BTCUSDT", "59000");

        SignalOutcome outcome = desk.onSignal(entry);

        assertThat(outcome).isEqualTo(SignalOutcome.executed("opened group 1: entry 0.00416 BTC"));
        PositionGroup group = desks.book.get(1);
        assertThat(group.status).isEqualTo(GroupStatus.WAITING);
        assertThat(group.pyramids).hasSize(1);
        assertThat(desks.sent).singleElement().satisfies(o -> {
            assertThat(o.request.type()).isEqualTo(OrderType.MARKET);
            assertThat(o.request.quantity()).isEqualByComparingTo("0.00416"); // 250 at 60,000, not at the alert's 59,000
            assertThat(o.request.clientOrderId()).isEqualTo(TrackedOrder.clientOrderId(1, 0, 0, OrderPurpose.BUY, 0));
        });
    }

    @Test
    void aSecondEntryAddsAPyramidUpToTheMaximum() {
        PositionGroup group = open("BTCUSDT");

        assertThat(desk.onSignal(desks.entry("BTCUSDT", "60000")).reason()).isEqualTo("added pyramid 1 to group 1: entry 0.00416 BTC");
        SignalOutcome third = desk.onSignal(desks.entry("BTCUSDT", "60000"));

        assertThat(third).isEqualTo(SignalOutcome.ignored("group 1 already has 2 pyramids (engine.maxPyramids 2)"));
        assertThat(group.pyramids).hasSize(2);
        assertThat(desks.sent).hasSize(2);
    }

    @Test
    void eachSignalsWayIsDecidedWithoutChangingAnything() {
        SignalDesk.Route exitNothing = desk.route(desks.signal("BTCUSDT", SignalType.EXIT, Side.SELL, null).signal());
        assertThat(exitNothing.way()).isEqualTo(SignalDesk.Way.IGNORE);
        assertThat(exitNothing.reason()).isEqualTo("no open position group for paper:BTCUSDT:60:buy to exit");
        SignalDesk.Route sellEntry = desk.route(desks.signal("BTCUSDT", SignalType.ENTRY, Side.SELL, "60000").signal());
        assertThat(sellEntry.reason()).startsWith("a sell entry needs an open long to close");
        assertThat(desk.route(desks.entry("BTCUSDT", "60000").signal()).way()).isEqualTo(SignalDesk.Way.OPEN);

        PositionGroup group = open("BTCUSDT");
        int sent = desks.sent.size();
        assertThat(desk.route(desks.signal("BTCUSDT", SignalType.EXIT, Side.SELL, null).signal()).way()).isEqualTo(SignalDesk.Way.CLOSE);
        assertThat(desk.route(desks.entry("BTCUSDT", "60000").signal()).way()).isEqualTo(SignalDesk.Way.OPEN);
        assertThat(group.status).as("routing decides, it does not act").isEqualTo(GroupStatus.WAITING);
        assertThat(desks.sent).hasSize(sent);
    }

    @Test
    void anExitClosesTheGroupAndAnEntryDuringTheCloseWaitsForIt() {
        PositionGroup group = open("BTCUSDT");
        desks.fills.report(desks.filled(desks.lastSent(), "60000", "t1")); // it holds something to sell

        SignalOutcome exit = desk.onSignal(desks.signal("BTCUSDT", SignalType.EXIT, Side.SELL, null));
        assertThat(exit.reason()).isEqualTo("closing group 1: unfilled legs cancelled, the rest sold at market");
        assertThat(group.status).isEqualTo(GroupStatus.CLOSING);

        SignalOutcome again = desk.onSignal(desks.signal("BTCUSDT", SignalType.EXIT, Side.SELL, null));
        assertThat(again.status()).isEqualTo("ignored");
        assertThat(again.reason()).startsWith("group 1 is already closing");
        assertThat(desks.lastSent().purpose).as("the entry's holding is sold").isEqualTo(OrderPurpose.CLOSE);

        SignalOutcome reversal = desk.onSignal(desks.entry("BTCUSDT", "60000"));
        assertThat(reversal.status()).isEqualTo("queued");
        assertThat(reversal.reason()).startsWith("group 1 is still closing (exit signal ");
    }

    @Test
    void aFullPoolQueuesTheEntryAndAnExitDeletesIt() {
        desks.slots = 1;
        open("BTCUSDT");
        desks.price("ETHUSDT", "2000");
        StoredSignal eth = desks.entry("ETHUSDT", "2000");

        assertThat(desk.onSignal(eth).reason()).isEqualTo("the pool is full (1 of 1 groups active); waiting, 1 in the queue");
        SignalOutcome exit = desk.onSignal(desks.signal("ETHUSDT", SignalType.EXIT, Side.SELL, null));

        assertThat(exit.reason()).isEqualTo("deleted the queued entry of signal " + eth.id() + " for paper:ETHUSDT:60:buy from the waiting queue");
        assertThat(desks.decided.get(eth.id())).isEqualTo(SignalOutcome.ignored("deleted from the waiting queue by exit signal " + (eth.id() + 1)));
        assertThat(desks.pool.queueEmpty()).isTrue();
    }

    @Test
    void anExitForAGroupHoldingNothingYetClosesItAtOnce() {
        PositionGroup group = open("BTCUSDT"); // its entry never left: withdrawn, nothing to sell

        desk.onSignal(desks.signal("BTCUSDT", SignalType.EXIT, Side.SELL, null));

        assertThat(group.status).isEqualTo(GroupStatus.CLOSED);
        assertThat(desks.closed).containsExactly(group.id);
        assertThat(desk.route(desks.entry("BTCUSDT", "60000").signal()).way()).as("the key is free again").isEqualTo(SignalDesk.Way.OPEN);
    }

    @Test
    void anEntryTheVenueCannotTradeIsRejectedWithThePrecisionReason() {
        SignalOutcome outcome = desk.onSignal(desks.entry("XYZUSDT", "1"));
        assertThat(outcome.status()).isEqualTo("rejected");
        assertThat(outcome.reason()).isEqualTo("entry blocked by the precision check: paper does not list XYZUSDT");
        assertThat(desks.book.open()).isEmpty();
    }

    @Test
    void theFilterHookSeesTheSignalAndTheOpenGroupsAndItsRejectionIsTheOutcome() {
        open("BTCUSDT");
        List<Map<String, Object>> seen = new ArrayList<>();
        desks.hooks = new FakeHooks() {
            @Override
            public Optional<String> filterSignal(String subject, Map<String, Object> signal, Map<String, Object> context) {
                seen.add(signal);
                seen.add(context);
                return signal.get("symbol").equals("ETHUSDT") ? Optional.of("no ETH today") : Optional.empty();
            }
        };
        desks.price("ETHUSDT", "2000");

        SignalOutcome eth = desk.onSignal(desks.entry("ETHUSDT", "2000"));
        SignalOutcome btc = desk.onSignal(desks.entry("BTCUSDT", "60000"));

        assertThat(eth).isEqualTo(SignalOutcome.rejected("filterSignal hook: no ETH today"));
        assertThat(btc.reason()).startsWith("added pyramid 1 to group 1");
        assertThat(seen.get(0)).containsEntry("symbol", "ETHUSDT").containsEntry("type", "entry").containsEntry("action", "buy")
                .containsEntry("lastPrice", new BigDecimal("2000"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> openGroups = (List<Map<String, Object>>) seen.get(1).get("openGroups");
        assertThat(openGroups).singleElement().satisfies(g -> assertThat(g).containsEntry("id", 1L).containsEntry("symbol", "BTCUSDT"));
        assertThat(desks.book.openOn(new GroupKey("paper", "ETHUSDT", "60", Side.BUY))).isNull();
    }

    @Test
    void theLadderHookChangesTheLayersOfOnePyramidOnly() {
        desks.hooks = new FakeHooks() {
            @Override
            public Optional<List<PyraConfig.Layer>> adjustLadder(String subject, Map<String, Object> ladder, Map<String, Object> context) {
                return Optional.of(List.of(new PyraConfig.Layer(BigDecimal.ZERO, new BigDecimal("80"), new BigDecimal("4")),
                        new PyraConfig.Layer(new BigDecimal("2.345"), new BigDecimal("20"), new BigDecimal("5"))));
            }
        };
        PositionGroup group = open("BTCUSDT");

        Pyramid pyramid = group.pyramids.getFirst();
        assertThat(pyramid.legs).extracting(l -> l.gapPercent.toPlainString() + "/" + l.weightPercent.toPlainString())
                .containsExactly("0/80", "2.345/20");
        assertThat(pyramid.entry().quantity).isEqualByComparingTo("0.00666"); // 80 % of 500 at 60,000, down to the step
    }

    /** Hooks that answer nothing unless a test overrides one; every hook counts as installed. */
    static class FakeHooks extends Hooks.None {
        @Override
        public boolean active(HookName name) {
            return true;
        }
    }
}
