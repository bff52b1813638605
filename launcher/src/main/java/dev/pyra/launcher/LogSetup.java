package dev.pyra.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.pyra.core.Pyra;
import dev.pyra.core.config.PyraConfig;
import java.net.URL;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Pyra's logging (the bundled {@code logback.xml}: text per category, one JSON-lines file, all
 * rotated by size and day, kept by age and total size) under a data directory, and applied again
 * without a restart whenever the {@code logging} section of the config changes.
 */
final class LogSetup {
    private LogSetup() {}

    /** Sets the properties {@code logback.xml} reads; before the first logger when starting. */
    static void properties(Path logsDir, PyraConfig.Logging logging) {
        System.setProperty("pyra.logDir", logsDir.toString());
        System.setProperty("pyra.logLevel", logging.level());
        System.setProperty("pyra.logMaxFileSize", logging.maxFileSizeMb() + "MB");
        System.setProperty("pyra.logMaxHistory", Integer.toString(logging.maxHistoryDays()));
        System.setProperty("pyra.logTotalSizeCap", logging.totalSizeCapMb() + "MB");
    }

    /** Logs to {@code logsDir} with these settings now (tests, and every change of the config). */
    static void configure(Path logsDir, PyraConfig.Logging logging) {
        properties(logsDir, logging);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        URL config = LogSetup.class.getResource("/logback.xml");
        synchronized (context) {
            context.reset();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(config);
            } catch (JoranException e) {
                System.err.println("pyra: logging could not be configured: " + e.getMessage());
            }
        }
        LoggerFactory.getLogger("pyra.system").info("Logging: level {}, files rotated at {} MB, kept {} days and {} MB at most, in {}",
                logging.level(), logging.maxFileSizeMb(), logging.maxHistoryDays(), logging.totalSizeCapMb(), logsDir);
    }

    /** Applies every later change of the {@code logging} section, if Pyra's own logging is in force. */
    static void follow(Pyra pyra, Path logsDir) {
        pyra.config().onChange((before, after) -> {
            if (!before.logging().equals(after.logging()) && productionLogging()) {
                configure(logsDir, after.logging());
            }
        });
    }

    /** The bundled logback.xml (not a test's logback-test.xml) is what configured logging. */
    static boolean productionLogging() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context && "bundled".equals(context.getProperty("pyra.logging"));
    }
}
