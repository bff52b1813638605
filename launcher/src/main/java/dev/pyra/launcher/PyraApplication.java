package dev.pyra.launcher;

import ch.qos.logback.classic.LoggerContext;
import dev.pyra.core.PyraException;
import dev.pyra.core.PyraOptions;
import dev.pyra.core.config.Environment;
import dev.pyra.core.security.KeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Starts Pyra for {@code bin/pyra}, prints where it listens, and stops it cleanly on SIGTERM/Ctrl-C. */
final class PyraApplication {
    private final Flags flags;

    PyraApplication(Flags flags) {
        this.flags = flags;
    }

    int run() {
        Path dataDir = flags.dataDir().toAbsolutePath().normalize();
        Thread.ofPlatform().daemon(true).name("pyra-keystore-prepare").start(KeyStore::prepare);
        configureLogging(dataDir);
        Logger log = LoggerFactory.getLogger("pyra.system");
        PyraOptions options = PyraOptions.of(dataDir).withConfigFile(flags.config()).withPluginDirs(distributionPlugins())
                .withStandby(flags.standby()).withEnvironment(environment(dataDir));
        if (flags.standby()) {
            System.out.println("pyra: standby: if another Pyra trades on this database, waiting to take over when it stops");
            System.out.flush();
        }
        PyraServer server;
        try {
            server = PyraServer.start(options, flags.uiPort(), flags.webhookBind(), flags.webhookPort());
        } catch (PyraException e) {
            log.error("Pyra did not start: {}", e.getMessage(), e.getCause());
            System.err.println("pyra: " + e.getMessage());
            stopLogging();
            return 1;
        }
        // a lost database lock means another instance may trade now: this process ends (its engine has stopped)
        server.onLockLost(() -> Thread.ofPlatform().name("pyra-lock-lost").start(() -> {
            System.err.println("pyra: lost the database lock; stopping (see the error log)");
            System.exit(3);
        }));
        // a restart from the web app that cannot start again leaves nothing listening: the process ends (a service manager restarts it)
        server.onRestartFailed(e -> {
            System.err.println("pyra: the restart failed: " + e.getMessage());
            System.exit(1);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pyra-shutdown").unstarted(() -> {
            log.info("Stopping Pyra");
            server.close();
            log.info("Pyra stopped");
            stopLogging();
            stopped.countDown();
        }));
        announce(server, options.environment());
        startUpCacheRecorded();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * On a run that records the JVM's start-up cache (bin/pyra's first), says that this run came up:
     * bin/pyra uses a cache only with this mark, as a failed start's cache would hold little of Pyra.
     */
    private static void startUpCacheRecorded() {
        String mark = System.getProperty("pyra.aotRecorded");
        if (mark != null) {
            try {
                Files.writeString(Path.of(mark), "recorded by a run that came up\n");
            } catch (IOException | RuntimeException e) {
                // no mark: the next start records the cache again
            }
        }
    }

    /** The process environment; a key store protected by a passphrase that none gives is asked for on the console. */
    private static Environment environment(Path dataDir) {
        Environment env = Environment.system();
        if (env.keystorePassphrase().isEmpty() && KeyStore.needsPassphrase(dataDir) && System.console() != null) {
            char[] passphrase = System.console().readPassword("Key store passphrase: ");
            if (passphrase != null && passphrase.length > 0) {
                java.util.Map<String, String> variables = new java.util.HashMap<>(env.variables());
                variables.put(Environment.KEYSTORE_PASSPHRASE, new String(passphrase));
                return new Environment(variables);
            }
        }
        return env;
    }

    private void announce(PyraServer server, Environment environment) {
        var config = server.pyra().config();
        System.out.println();
        System.out.println("Pyra is running (paper trading unless you configured a real exchange).");
        System.out.println("  Web app and API:  http://127.0.0.1:" + server.uiPort() + "/");
        System.out.println("  Webhook URL:      http://" + flags.webhookBind() + ":" + server.webhookPort() + "/webhook");
        System.out.println("  Data directory:   " + flags.dataDir().toAbsolutePath().normalize());
        System.out.println("  Config file:      " + config.file());
        config.generatedSecret().ifPresent(secret -> {
            // printed on the console once, never written to a log file
            System.out.println();
            System.out.println("  New webhook secret (put it in your TradingView alerts' \"secret\" field):");
            System.out.println("      " + secret);
            System.out.println("  It is kept encrypted in the key store; this is the only time it is shown here.");
        });
        if (environment.webhookSecret().isPresent()) {
            System.out.println("  Webhook secret:   from PYRA_WEBHOOK_SECRET");
        }
        if (!server.pyra().logins().passwordSet()) {
            System.out.println();
            System.out.println("  First start: open http://127.0.0.1:" + server.uiPort() + "/ on this machine to set your login password");
            System.out.println("  (or stop Pyra and run: bin/pyra --set-password).");
        }
        System.out.println();
        System.out.flush();
    }

    /** The distribution's own plugins directory ({@code bin/pyra} sets {@code pyra.home}). */
    private static List<Path> distributionPlugins() {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("pyra.home");
        if (home != null) {
            dirs.add(Path.of(home, "plugins"));
        }
        return dirs;
    }

    /**
     * Logback reads these properties when it starts, which is on the first logger: so this runs
     * before anything logs. The config file is read leniently here; it is validated properly later.
     */
    private void configureLogging(Path dataDir) {
        Path configFile = flags.config() != null ? flags.config() : dataDir.resolve("config.json");
        JsonNode logging = readLoggingSection(configFile);
        LogSetup.properties(dataDir.resolve("logs"), new dev.pyra.core.config.PyraConfig.Logging(logging.path("level").asString("INFO"),
                logging.path("maxFileSizeMb").asInt(20), logging.path("maxHistoryDays").asInt(14), logging.path("totalSizeCapMb").asInt(1024)));
    }

    private static JsonNode readLoggingSection(Path configFile) {
        try {
            if (Files.exists(configFile)) {
                return JsonMapper.builder().build().readTree(Files.readString(configFile)).path("logging");
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable config is reported with every error once Pyra loads it
        }
        return JsonMapper.builder().build().createObjectNode();
    }

    private static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
