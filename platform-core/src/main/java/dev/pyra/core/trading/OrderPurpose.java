package dev.pyra.core.trading;

/** Why Pyra sent an order; the last letter of its client order id. */
public enum OrderPurpose {
    /** A DCA leg's buy (layer 0 is the entry). */
    BUY('b'),
    /** A leg's own take-profit sell. */
    TAKE_PROFIT('t'),
    /** A sale for the whole group: everything (exit signal, aggregate take-profit, manual close) or part (partial close). */
    CLOSE('x');

    private final char code;

    OrderPurpose(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }
}
