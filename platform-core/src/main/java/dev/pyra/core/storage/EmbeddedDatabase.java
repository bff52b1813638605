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
import java.util.concurrent.TimeUnit;
import dev.pyra.core.security.KeyStore;
import dev.pyra.core.security.OwnerOnly;
import dev.pyra.core.security.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL started by Pyra itself (zonky's real binaries), its files under the data directory so
 * that they survive restarts. A fresh machine needs nothing installed.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

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
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Pyra stops it, last, after the journal's final writes: zonky's own shutdown hook would stop it at
                    // the same time as Pyra's (JVM shutdown hooks run together) and abort those writes
                    .setRegisterShutdownHook(false)
                    .setPort(freePort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("max_connections", "100")
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath(), migrating ? HBA_MIGRATING : HBA))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (fresh) {
                // initdb sets the superuser's password from a file only its owner can read, deleted right after
                passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".pw");
                OwnerOnly.write(passwordFile, password.getBytes(StandardCharsets.UTF_8));
                builder.setLocaleConfig("pwfile", passwordFile.toString());
                keys.put(PASSWORD_ENTRY, password);
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, password);
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
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.destroyForcibly();
            try {
                server.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new PyraException("Cannot stop the PostgreSQL server (pid " + server.pid()
                        + ") left running on " + dataDir + "; stop it by hand and start Pyra again.");
            }
        }
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
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
