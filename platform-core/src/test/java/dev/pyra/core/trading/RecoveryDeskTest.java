package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.Side;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recovery room on its own: a snapshot one step ahead of the order journal (a crash between
 * the two writes) — orders the group counts on that never left are sent now under the same ids, or
 * for a closing group, given up; a sale that never left frees its quantity.
 */
class RecoveryDeskTest {
    private final Desks before = new Desks();
    private final Desks after = new Desks();

    @AfterEach
    void stop() {
        before.close();
        after.close();
    }

    /** A live group whose entry filled and whose two ladder buys were decided, as its snapshot says. */
    private GroupView snapshotWithLadderDecided() {
        before.price("BTCUSDT", "60000");
        before.signalDesk.onSignal(before.entry("BTCUSDT", "60000"));
        before.fills.report(before.filled(before.lastSent(), "60000", "t1"));
        return new GroupViews(before.book, before.rules).of(before.book.get(1));
    }

    @Test
    void buysTheSnapshotCountsOnThatNeverLeftAreSentAgainUnderTheSameIds() {
        GroupView snapshot = snapshotWithLadderDecided();
        List<String> decided = before.sent.subList(1, 3).stream().map(o -> o.request.clientOrderId()).toList();

        after.recovery.restore(List.of(snapshot), List.of(), id -> Optional.empty());

        assertThat(after.sent).extracting(o -> o.request.clientOrderId()).containsExactlyElementsOf(decided);
        assertThat(after.sent).extracting(o -> o.request.price()).containsExactlyElementsOf(before.sent.subList(1, 3).stream()
                .map(o -> o.request.price()).toList());
        PositionGroup group = after.book.openOn(new GroupKey("paper", "BTCUSDT", "60", Side.BUY));
        assertThat(group.status).isEqualTo(GroupStatus.LIVE);
        assertThat(after.book.openSymbols("paper")).containsExactly("BTCUSDT");
    }

    @Test
    void aClosingGroupsBuysThatNeverLeftAreGivenUpAndWhatItHoldsIsSold() {
        snapshotWithLadderDecided();
        PositionGroup closingBefore = before.book.get(1);
        closingBefore.status = GroupStatus.CLOSING; // the exit was decided, the crash came before its cancels
        closingBefore.closeReason = "exit signal 9";
        GroupView closing = new GroupViews(before.book, before.rules).of(closingBefore);

        after.recovery.restore(List.of(closing), List.of(), id -> Optional.empty());

        PositionGroup group = after.book.get(1);
        assertThat(group.pyramids.getFirst().legs.subList(1, 3)).allSatisfy(l -> {
            assertThat(l.state).isEqualTo(LegState.CANCELLED);
            assertThat(l.reason).isEqualTo("group closed before its buy was sent");
        });
        assertThat(after.sent).singleElement().satisfies(o -> {
            assertThat(o.purpose).isEqualTo(OrderPurpose.CLOSE);
            assertThat(o.request.quantity()).isEqualByComparingTo("0.00416");
        });
        assertThat(group.status).isEqualTo(GroupStatus.CLOSING);
    }

    @Test
    void aSaleThatNeverLeftFreesItsQuantity() {
        snapshotWithLadderDecided();
        before.price("BTCUSDT", "61000");
        assertThat(before.closes.partialClose(1, new java.math.BigDecimal("100"), "by hand").orElseThrow().accepted()).isTrue();
        GroupView selling = new GroupViews(before.book, before.rules).of(before.book.get(1));
        assertThat(selling.pyramids().getFirst().legs().getFirst().sellingQuantity()).isEqualByComparingTo("0.00163");

        after.recovery.restore(List.of(selling), List.of(), id -> Optional.empty());

        PositionGroup group = after.book.get(1);
        assertThat(group.sales).isEmpty();
        assertThat(group.pyramids.getFirst().entry().sellingQuantity).isEqualByComparingTo("0");
        assertThat(after.sent).extracting(o -> o.purpose).containsOnly(OrderPurpose.BUY); // the ladder's two, sent again
    }
}
