package dev.pyra.core.trading;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sell order took out of which legs while it is in flight. Its fills are credited to
 * those legs only, in that order, never to another sale's part: a take-profit and a group close
 * out at the same time each sell their own quantity, so no leg can sell more than it bought.
 * Owned by the event loop.
 */
final class SetAside {
    final String orderId;
    final OrderPurpose purpose;
    final List<Part> parts = new ArrayList<>();

    SetAside(String orderId, OrderPurpose purpose) {
        this.orderId = orderId;
        this.purpose = purpose;
    }

    /** One leg's part of the sale, and how much of it is still unsold. */
    static final class Part {
        final int pyramid;
        final int leg;
        BigDecimal quantity;

        Part(int pyramid, int leg, BigDecimal quantity) {
            this.pyramid = pyramid;
            this.leg = leg;
            this.quantity = quantity;
        }
    }

    BigDecimal unsold() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Part part : parts) {
            sum = sum.add(part.quantity);
        }
        return sum;
    }

    GroupView.SaleView view() {
        return new GroupView.SaleView(orderId, purpose.name().toLowerCase(java.util.Locale.ROOT),
                parts.stream().map(p -> new GroupView.SalePart(p.pyramid, p.leg, p.quantity)).toList());
    }

    static SetAside restore(GroupView.SaleView view) {
        SetAside sale = new SetAside(view.orderId(), OrderPurpose.valueOf(view.purpose().toUpperCase(java.util.Locale.ROOT)));
        view.parts().forEach(p -> sale.parts.add(new Part(p.pyramid(), p.leg(), p.quantity())));
        return sale;
    }
}
