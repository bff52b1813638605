package dev.pyra.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.pyra.core.live.LiveFeed;
import dev.pyra.core.logs.Correlation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Pyra's own log lines (INFO and up) onto the live stream as {@code log.appended}: the console's live tail. */
final class FeedAppender extends AppenderBase<ILoggingEvent> {
    private final LiveFeed feed;

    private FeedAppender(LiveFeed feed) {
        this.feed = feed;
    }

    /** Attached to the root logger of whatever logging is in force (also a test's); answers how to detach it. */
    static Runnable attach(LiveFeed feed) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> {};
        }
        FeedAppender appender = new FeedAppender(feed);
        appender.setContext(context);
        appender.setName("pyra-live-feed");
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return () -> {
            root.detachAppender(appender);
            appender.stop();
        };
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!feed.hasSubscribers() || !event.getLevel().isGreaterOrEqual(Level.INFO)) {
            return;
        }
        String logger = event.getLoggerName();
        boolean ours = logger.startsWith("pyra.");
        if (!ours && !event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>(event.getMDCPropertyMap());
        String correlation = fields.remove(Correlation.ID);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("at", Instant.ofEpochMilli(event.getTimeStamp()));
        data.put("level", event.getLevel().toString());
        data.put("category", ours && logger.length() > 5 ? category(logger.substring(5)) : "system");
        data.put("message", event.getFormattedMessage());
        data.put("correlationId", correlation);
        data.put("fields", fields);
        feed.publish("log.appended", data);
    }

    private static String category(String name) {
        return switch (name) {
            case "webhook", "order", "precision", "risk", "error" -> name;
            default -> "system";
        };
    }
}
