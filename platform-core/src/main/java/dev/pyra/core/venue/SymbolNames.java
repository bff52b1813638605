package dev.pyra.core.venue;

import java.util.Locale;

/** TradingView and people write symbols many ways; Pyra keys them as base+quote, upper case. */
public final class SymbolNames {
    private SymbolNames() {}

    /** {@code BTCUSDT}, {@code BINANCE:BTCUSDT}, {@code BTC/USDT}, {@code btc-usdt} all give {@code BTCUSDT}. */
    public static String pairKey(String symbol) {
        String s = symbol.trim();
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            s = s.substring(colon + 1);
        }
        StringBuilder key = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '/' && c != '-' && c != '_' && !Character.isWhitespace(c)) {
                key.append(c);
            }
        }
        return key.toString().toUpperCase(Locale.ROOT);
    }
}
