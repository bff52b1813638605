package dev.pyra.core.logs;

import org.slf4j.MDC;

/**
 * What a log line is about, kept in the logging context while it is being handled: the signal
 * that caused it ({@code correlationId} {@code signal-12}) or, where no signal did (a tick, a
 * fill, a timer), the position group ({@code group-5}); and the group's id, so the log viewer can
 * show one group's story.
 */
public final class Correlation {
    public static final String ID = "correlationId";
    public static final String GROUP = "groupId";
    public static final String SIGNAL = "signalId";

    private Correlation() {}

    public static void signal(long signalId) {
        MDC.put(ID, "signal-" + signalId);
        MDC.put(SIGNAL, Long.toString(signalId));
    }

    /** The group being worked on; the correlation stays the signal's if a signal is being handled. */
    public static void group(long groupId) {
        MDC.put(GROUP, Long.toString(groupId));
        if (MDC.get(ID) == null) {
            MDC.put(ID, "group-" + groupId);
        }
    }

    /** A correlation carried over from where an order was decided (the gateway's threads). */
    public static void restore(String correlationId, long groupId) {
        MDC.put(ID, correlationId);
        MDC.put(GROUP, Long.toString(groupId));
    }

    public static String current() {
        return MDC.get(ID);
    }

    public static void clear() {
        MDC.remove(ID);
        MDC.remove(GROUP);
        MDC.remove(SIGNAL);
    }
}
