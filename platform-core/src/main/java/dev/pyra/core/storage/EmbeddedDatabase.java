package dev.pyra.core.storage;

import dev.pyra.core.PyraException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import dev.pyra.core.security.KeyStore;
import dev.pyra.core.security.OwnerOnly;
import dev.pyra.core.security.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL started by Pyra itself (zonky's real binaries), its files under the data directory so
 * that they survive restarts. A fresh machine needs nothing installed.
 *
 * <p>Supervised: if the server dies while Pyra runs (killed, out of memory, a crash), it is
 * started again on the same port and files, with back-off (1, 2, 4 … 30 s between tries), and the
 * log says so; the connection pool reconnects by itself and the writers write what they held.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    private static final Logger errors = LoggerFactory.getLogger("pyra.error");
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);
    private static final Duration RESTART_BACKOFF_MAX = Duration.ofSeconds(30);

    private volatile EmbeddedPostgres postgres;
    private final String password;
    private final Path dataDir;
    private final java.util.function.Supplier<EmbeddedPostgres.Builder> restartBuilder;
    private final java.util.concurrent.ScheduledExecutorService supervisor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-db-supervisor").daemon(true).factory());
    private volatile boolean closing;
    private volatile boolean down;
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();
    private Duration backoff = Duration.ofSeconds(1);
    private java.time.Instant nextTry = java.time.Instant.MIN;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password, Path dataDir,
            java.util.function.Supplier<EmbeddedPostgres.Builder> restartBuilder) {
        this.postgres = postgres;
        this.password = password;
        this.dataDir = dataDir;
        this.restartBuilder = restartBuilder;
    }

    /**
     * The password's SCRAM iterations (PostgreSQL's default is 4,096): iterations slow down guessing
     * a weak password from its stored verifier; this one is 24 random bytes, beyond guessing at any
     * count, while every login (sixteen pool connections, each reconnect) pays the count twice in CPU.
     * Applies to clusters made from now on (older ones keep their verifier: slower logins, nothing else).
     */
    static final int SCRAM_ITERATIONS = 64;

    /** The superuser's password in the key store. */
    public static final String PASSWORD_ENTRY = "database.embeddedPassword";

    /**
     * Every connection needs the password (scram-sha-256), over TCP on loopback and over the Unix
     * socket alike: no other process on the machine can connect as the superuser, rewrite the
     * trade history or run commands through it. Written at every start, before the server starts.
     */
    static final String HBA = """
            # Written by Pyra at every start: every connection needs the password kept in Pyra's key store.
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;

    /** Only while an older cluster, made when Pyra trusted local connections, is given its password. */
    private static final String HBA_MIGRATING = """
            # Written by Pyra for one start: setting the superuser's password, then replaced.
            host    all   all   127.0.0.1/32  trust
            """;

    /**
     * @param dataDir PostgreSQL's own directory; created and initialised on first start
     * @param logFile where PostgreSQL's server log goes
     * @param durable synchronous commit and fsync on (production); tests may trade that for speed
     * @param keys where the superuser's random password is kept (made on first start)
     */
    public static EmbeddedDatabase start(Path dataDir, Path logFile, boolean durable, KeyStore keys) {
        stopOrphanedServer(dataDir);
        boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
        Optional<Secret> known = keys.get(PASSWORD_ENTRY);
        boolean migrating = !fresh && known.isEmpty();
        String password = known.map(Secret::reveal).orElseGet(EmbeddedDatabase::newPassword);
        Path passwordFile = null;
        try {
            Files.createDirectories(dataDir);
            int port = freePort();
            EmbeddedPostgres.Builder builder = builder(dataDir, logFile, durable, password, port, migrating ? HBA_MIGRATING : HBA);
            if (fresh) {
                // initdb sets the superuser's password from a file only its owner can read, deleted right after
                passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".pw");
                OwnerOnly.write(passwordFile, password.getBytes(StandardCharsets.UTF_8));
                builder.setLocaleConfig("pwfile", passwordFile.toString());
                builder.setLocaleConfig("set", "scram_iterations=" + SCRAM_ITERATIONS);
                keys.put(PASSWORD_ENTRY, password);
            }
            EmbeddedPostgres postgres = builder.start();
            // a restart finds the cluster made and its password required: only the port and files are the same
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, password, dataDir,
                    () -> builder(dataDir, logFile, durable, password, port, HBA));
            if (migrating) {
                database.requirePassword(dataDir, password, keys);
            }
            log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), dataDir);
            return database;
        } catch (IOException | RuntimeException e) {
            throw new PyraException("Cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage()
                    + " (its log: " + logFile + ")", e);
        } finally {
            if (passwordFile != null) {
                try {
                    Files.deleteIfExists(passwordFile);
                } catch (IOException ignored) {
                    // owner-only, and removed at the next start
                }
            }
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, Path logFile, boolean durable, String password, int port, String hba) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // Pyra stops it, last, after the journal's final writes: zonky's own shutdown hook would stop it at
                // the same time as Pyra's (JVM shutdown hooks run together) and abort those writes
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("scram_iterations", Integer.toString(SCRAM_ITERATIONS))
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                .setServerConfig("max_connections", "100")
                .setConnectConfig("password", password)
                .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath(), hba))
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }

    /** Watches the server from now on and starts it again if it dies; {@code onChange} hears "down" and "up". */
    public void supervise(java.util.function.Consumer<String> onChange) {
        supervisor.scheduleWithFixedDelay(() -> watch(onChange), WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** How often the server was started again after dying. */
    public int restarts() {
        return restarts.get();
    }

    /** True while the server is dead and not yet back. */
    public boolean restarting() {
        return down;
    }

    private void watch(java.util.function.Consumer<String> onChange) {
        if (closing) {
            return;
        }
        boolean alive = readPid(dataDir.resolve("postmaster.pid")).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)
                && accepts(postgres.getPort()); // a killed server is a zombie for a while: its closed port says so at once
        if (alive && !down) {
            return;
        }
        if (!down) {
            down = true;
            errors.error("Embedded PostgreSQL stopped unexpectedly (its log: logs/postgresql.log): starting it again; webhooks answer 503 "
                    + "and the engine's writes are held until it is back");
            onChange.accept("down");
            backoff = Duration.ofSeconds(1);
            nextTry = java.time.Instant.now();
        }
        if (java.time.Instant.now().isBefore(nextTry)) {
            return;
        }
        try {
            EmbeddedPostgres dead = postgres;
            try {
                dead.close(); // releases zonky's lock on the data directory; stopping a dead server only fails
            } catch (IOException | RuntimeException ignored) {
                // it is dead already
            }
            // no waiting for the old server here: killed, it may stay a zombie until its parent reaps it, and
            // PostgreSQL itself refuses to start while its pid file names a live process: the back-off retries
            postgres = restartBuilder.get().start();
            down = false;
            int count = restarts.incrementAndGet();
            log.info("Embedded PostgreSQL started again on 127.0.0.1:{} (restart {}): the pool reconnects, held writes are written",
                    postgres.getPort(), count);
            onChange.accept("up");
        } catch (IOException | RuntimeException e) {
            nextTry = java.time.Instant.now().plus(backoff);
            errors.error("Embedded PostgreSQL did not start again ({}); next try in {} s", e.getMessage(), backoff.toSeconds());
            backoff = backoff.multipliedBy(2).compareTo(RESTART_BACKOFF_MAX) > 0 ? RESTART_BACKOFF_MAX : backoff.multipliedBy(2);
        }
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A cluster from before passwords: give the superuser one, then require it from every connection. */
    private void requirePassword(Path dataDir, String password, KeyStore keys) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl().replace("localhost", "127.0.0.1"));
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("alter user postgres password '" + password.replace("'", "''") + "'");
            keys.put(PASSWORD_ENTRY, password);
            writeHba(dataDir, HBA);
            statement.execute("select pg_reload_conf()");
            log.warn("The embedded PostgreSQL trusted every local connection; it now requires a password (kept in the key store)");
        } catch (java.sql.SQLException e) {
            throw new PyraException("Cannot give the embedded PostgreSQL its password: " + e.getMessage(), e);
        }
    }

    private static void writeHba(Path dataDir, String content) {
        OwnerOnly.write(dataDir.resolve("pg_hba.conf"), content.getBytes(StandardCharsets.US_ASCII));
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The superuser's password, for this process's own connections. */
    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * After {@code kill -9} the JVM is gone but its PostgreSQL child lives on, holding
     * {@code postmaster.pid}. We own the data directory (the instance lock says so), so that
     * server is ours: stop it cleanly before starting a new one.
     */
    static void stopOrphanedServer(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle server = orphan.get();
        log.warn("A PostgreSQL server (pid {}) from an earlier run still holds {}: stopping it", server.pid(), dataDir);
        server.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old JVM
        if (!stopped(server, pidFile, Duration.ofSeconds(30))) {
            server.destroyForcibly();
            if (!stopped(server, pidFile, Duration.ofSeconds(10))) {
                throw new PyraException("Cannot stop the PostgreSQL server (pid " + server.pid()
                        + ") left running on " + dataDir + "; stop it by hand and start Pyra again.");
            }
        }
    }

    /**
     * Whether the server ended within {@code patience}: it removes its pid file as its last act.
     * Polled every 20 ms: not Pyra's child, its exit is otherwise seen only by the JDK's slow polling
     * (two seconds of a restart after a crash), and a zombie nobody reaps would look alive for good.
     */
    private static boolean stopped(ProcessHandle server, Path pidFile, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive() || readPid(pidFile).filter(pid -> pid == server.pid()).isEmpty()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        closing = true;
        supervisor.shutdownNow();
        try {
            supervisor.awaitTermination(70, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
