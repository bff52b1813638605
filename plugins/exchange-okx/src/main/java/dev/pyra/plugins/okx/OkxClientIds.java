package dev.pyra.plugins.okx;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import java.util.regex.Pattern;

/**
 * Pyra's client order ids ({@code pyra-12-0-3-e}: lower case letters, digits and '-', up to 36
 * characters) as OKX's {@code clOrdId} (letters and digits only, 1 to 32), and back. Upper case
 * letters never occur in Pyra's ids, so they carry the translation: a leading {@code pyra-} becomes
 * {@code P} (which keeps a 36-character id within 32) and every other '-' becomes {@code X}:
 * {@code pyra-12-0-3-e} is {@code P12X0X3Xe}.
 */
final class OkxClientIds {
    private static final Pattern PYRA = Pattern.compile("[a-z0-9-]+");
    /** What {@link #toVenue} makes: only these ids are translated back, others (set outside Pyra) are kept as they are. */
    private static final Pattern TRANSLATED = Pattern.compile("P?[a-z0-9X]+");
    private static final String PREFIX = "pyra-";

    private OkxClientIds() {}

    static String toVenue(String clientOrderId) {
        if (!PYRA.matcher(clientOrderId).matches()) {
            throw new ExchangeException(ErrorKind.REJECTED, "pyra-clOrdId",
                    "client order id " + clientOrderId + " has characters outside a-z, 0-9 and '-'");
        }
        String venueId = clientOrderId.startsWith(PREFIX)
                ? "P" + clientOrderId.substring(PREFIX.length()).replace('-', 'X')
                : clientOrderId.replace('-', 'X');
        if (venueId.isEmpty() || venueId.length() > 32) {
            throw new ExchangeException(ErrorKind.REJECTED, "pyra-clOrdId",
                    "client order id " + clientOrderId + " does not fit OKX's clOrdId (1 to 32 letters and digits)");
        }
        return venueId;
    }

    static String fromVenue(String clOrdId) {
        if (clOrdId == null || !TRANSLATED.matcher(clOrdId).matches()) {
            return clOrdId == null ? "" : clOrdId;
        }
        return clOrdId.startsWith("P") ? PREFIX + clOrdId.substring(1).replace('X', '-') : clOrdId.replace('X', '-');
    }
}
