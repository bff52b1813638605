package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order-book room on its own: venues' reports on Pyra's orders, their fills, and what a finished or refused order leaves. */
class FillDeskTest {
    private final Desks desks = new Desks();
    private final FillDesk desk = desks.fills;

    @AfterEach
    void stop() {
        desks.close();
    }

    private PositionGroup opened() {
        desks.price("BTCUSDT", "60000");
        desks.signalDesk.onSignal(desks.entry("BTCUSDT", "60000"));
        return desks.book.openOn(new GroupKey("paper", "BTCUSDT", "60", Side.BUY));
    }

    @Test
    void theEntrysFillSetsItsTakeProfitFromTheActualPriceAndPlacesTheLadderBelowIt() {
        PositionGroup group = opened();
        TrackedOrder entry = desks.lastSent();

        desk.report(desks.filled(entry, "60020", "t1"));

        DcaLeg leg = group.pyramids.getFirst().entry();
        assertThat(group.status).isEqualTo(GroupStatus.LIVE);
        assertThat(leg.state).isEqualTo(LegState.TP_OPEN);
        assertThat(leg.tpTarget).isEqualByComparingTo("61220.40"); // 60,020 + 2 %, on the tick
        assertThat(leg.feeQuote).isEqualByComparingTo("0.2496832"); // 0.1 % of 249.6832
        assertThat(leg.costBasis).isEqualByComparingTo("249.9328832");
        assertThat(desks.sent.subList(1, 3)).extracting(o -> o.request.price().stripTrailingZeros().toPlainString())
                .containsExactly("59119.7", "58219.4"); // 1.5 % and 3 % below the fill, not below the signal
        assertThat(entry.done).isTrue();
    }

    @Test
    void theSameTradeReportedTwiceAppliesOnce() {
        PositionGroup group = opened();
        TrackedOrder entry = desks.lastSent();

        desk.report(desks.filled(entry, "60000", "t1"));
        desk.report(desks.filled(entry, "60000", "t1"));

        assertThat(group.pyramids.getFirst().entry().filledQuantity).isEqualByComparingTo("0.00416");
        assertThat(desks.sent).as("the ladder is placed once").hasSize(3);
    }

    @Test
    void anOrderPyraDoesNotKnowChangesNothing() {
        PositionGroup group = opened();
        TrackedOrder stranger = new TrackedOrder("paper", group.id, 0, 0, OrderPurpose.BUY,
                dev.pyra.api.exchange.OrderRequest.market("someone-else", "BTCUSDT", Side.BUY, new BigDecimal("1")));

        desk.report(desks.filled(stranger, "60000", "x"));

        assertThat(group.pyramids.getFirst().entry().filledQuantity).isEqualByComparingTo("0");
    }

    @Test
    void aRefusedEntryBlocksItsLegWithTheVenuesWordsAndTheEmptyGroupCloses() {
        PositionGroup group = opened();
        TrackedOrder entry = desks.lastSent();

        desk.failed(entry.request.clientOrderId(), new ExchangeException(ErrorKind.INSUFFICIENT_BALANCE, "-2010",
                "Account has insufficient balance for requested action."));

        DcaLeg leg = group.pyramids.getFirst().entry();
        assertThat(leg.state).isEqualTo(LegState.BLOCKED);
        assertThat(leg.reason).isEqualTo("venue refused the buy: Account has insufficient balance for requested action.");
        assertThat(group.pyramids.getFirst().legs.get(1).reason).isEqualTo("the entry did not fill");
        assertThat(group.status).isEqualTo(GroupStatus.CLOSED);
        assertThat(group.closeReason).isEqualTo("the entry did not fill: venue refused the buy: Account has insufficient balance for requested action.");
        assertThat(desks.closed).containsExactly(group.id);
    }

    @Test
    void aSalesFillGoesToThePartsItSetAsideAndRealizesItsProfitNetOfFees() {
        PositionGroup group = opened();
        desk.report(desks.filled(desks.lastSent(), "60000", "t1"));
        desks.price("BTCUSDT", "61000");
        desks.closes.closeByHand(group.id); // the two resting buys never left: withdrawn; the entry's 0.00416 is sold
        TrackedOrder sale = desks.lastSent();
        assertThat(sale.purpose).isEqualTo(OrderPurpose.CLOSE);
        assertThat(sale.request.quantity()).isEqualByComparingTo("0.00416");

        desk.report(desks.filled(sale, "61000", "t2"));

        DcaLeg leg = group.pyramids.getFirst().entry();
        // bought 249.60 + 0.2496 fee, sold 253.76 − 0.25376 fee
        assertThat(leg.realizedPnl).isEqualByComparingTo("3.65664");
        assertThat(leg.state).isEqualTo(LegState.CLOSED);
        assertThat(group.status).isEqualTo(GroupStatus.CLOSED);
        assertThat(group.realizedPnl()).isEqualByComparingTo("3.65664");
    }
}
