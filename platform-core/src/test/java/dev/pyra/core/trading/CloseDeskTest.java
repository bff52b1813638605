package dev.pyra.core.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The closing-by-decision room on its own: a close by hand, and partial closes that keep the group open or, when they must, close it. */
class CloseDeskTest {
    private final Desks desks = new Desks();
    private final CloseDesk desk = desks.closes;

    @AfterEach
    void stop() {
        desks.close();
    }

    /** A live group holding the entry's 0.00416 BTC bought at 60,000; its two ladder buys decided. */
    private PositionGroup live() {
        desks.price("BTCUSDT", "60000");
        desks.signalDesk.onSignal(desks.entry("BTCUSDT", "60000"));
        desks.fills.report(desks.filled(desks.lastSent(), "60000", "t1"));
        PositionGroup group = desks.book.openOn(new GroupKey("paper", "BTCUSDT", "60", Side.BUY));
        assertThat(group.status).isEqualTo(GroupStatus.LIVE);
        return group;
    }

    @Test
    void aCloseByHandSaysWhatItDidOrWhyNot() {
        assertThat(desk.closeByHand(99)).isEmpty();
        PositionGroup group = live();

        assertThat(desk.closeByHand(group.id)).contains("closing group 1");
        assertThat(group.status).isEqualTo(GroupStatus.CLOSING);
        assertThat(group.closeReason).isEqualTo("closed by hand");
        assertThat(desk.closeByHand(group.id)).contains("group 1 is already closing");
    }

    @Test
    void aPartialCloseSellsAboutTheAmountAtMarketAndTheGroupStaysLive() {
        PositionGroup group = live();
        desks.price("BTCUSDT", "61000");

        PartialClose result = desk.partialClose(group.id, new BigDecimal("100"), "partial close by hand").orElseThrow();

        assertThat(result.accepted()).isTrue();
        TrackedOrder sale = desks.lastSent();
        assertThat(sale.purpose).isEqualTo(OrderPurpose.CLOSE);
        assertThat(sale.request.quantity()).isEqualByComparingTo("0.00163"); // 100 / 61,000, down to the step
        assertThat(result.result()).isEqualTo("selling 0.00163 BTC of group 1 (about 99.43 USDT); it stays open");
        assertThat(group.status).isEqualTo(GroupStatus.LIVE);
        assertThat(group.pyramids.getFirst().entry().sellingQuantity).isEqualByComparingTo("0.00163");
        assertThat(desk.partialClose(group.id, new BigDecimal("50"), "again").orElseThrow().result())
                .isEqualTo("group 1 has a sale in flight; retry when it is done");
    }

    @Test
    void aPartialCloseThatWouldLeaveAnUnsellableRemainderClosesTheWholeGroup() {
        PositionGroup group = live();

        PartialClose result = desk.partialClose(group.id, new BigDecimal("247"), "risk offset").orElseThrow();

        assertThat(result.accepted()).isTrue();
        assertThat(result.result()).startsWith("closing group 1 in full: ");
        assertThat(group.status).isEqualTo(GroupStatus.CLOSING);
        assertThat(group.closeReason).startsWith("risk offset, whole group: ");
    }

    @Test
    void aPartialCloseIsRefusedWithoutAPriceOrForAGroupNotLive() {
        desks.signalDesk.onSignal(desks.entry("BTCUSDT", "60000")); // no market price yet: sized at the alert's
        PositionGroup waiting = desks.book.get(1);

        assertThat(desk.partialClose(1, BigDecimal.TEN, "x").orElseThrow())
                .isEqualTo(new PartialClose(false, "no market price for BTCUSDT yet"));
        desks.price("BTCUSDT", "60000");
        assertThat(desk.partialClose(1, BigDecimal.TEN, "x").orElseThrow())
                .isEqualTo(new PartialClose(false, "group 1 is waiting, not live"));
        assertThat(waiting.status).isEqualTo(GroupStatus.WAITING);
        assertThat(desk.partialClose(42, BigDecimal.TEN, "x")).isEmpty();
    }
}
