package dev.pyra.core.storage;

import dev.pyra.core.PyraException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trading Pyra per database: a PostgreSQL session-level advisory lock, held on a connection of
 * its own (never a pooled one, which the pool may recycle) for the life of the process. Two Pyras
 * with their own data directories against one external PostgreSQL would both restore the same
 * open groups and place every order twice; the second one refuses to start instead, saying who
 * holds the lock, or waits as a standby and takes over within seconds when the holder stops or
 * its session dies (PostgreSQL releases the lock with the session, also after {@code kill -9}).
 * A watchdog checks every few seconds that the lock is still held; if the session is lost, the
 * owner is told at once, so it stops trading before another instance can take over.
 */
public final class DatabaseLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    /** "Pyra" in ASCII, then 1: the one lock every Pyra on a database takes. */
    static final long KEY = 0x5079726100000001L;
    private static final Duration CHECK_EVERY = Duration.ofSeconds(3);
    private static final Duration STANDBY_RETRY = Duration.ofMillis(500);

    private final Connection connection;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pyra-db-lock").daemon(true).factory());
    private volatile boolean closed;

    private DatabaseLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the lock, or fails saying who holds it; with {@code standby}, waits until it is free.
     *
     * @param lost called (once, on the watchdog's thread) if the lock's session is lost later
     */
    public static DatabaseLock acquire(String jdbcUrl, String user, String password, boolean standby, Runnable lost) {
        boolean announced = false;
        while (true) {
            Connection connection = connect(jdbcUrl, user, password);
            try {
                if (tryLock(connection)) {
                    DatabaseLock lock = new DatabaseLock(connection);
                    lock.watch(lost);
                    if (announced) {
                        log.info("Standby over: this Pyra now holds the database lock and takes over");
                    }
                    return lock;
                }
                String holder = holder(connection);
                if (!standby) {
                    throw new PyraException("Another Pyra is already trading on this database (" + Database.redactUrl(jdbcUrl) + "): "
                            + holder + ". Two instances on one database would place every order twice. Stop that instance, "
                            + "or start this one with --standby to take over when it stops.");
                }
                if (!announced) {
                    log.warn("Standby: another Pyra holds the database lock ({}); waiting to take over when it stops", holder);
                    announced = true;
                }
                closeQuietly(connection);
                Thread.sleep(STANDBY_RETRY);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw new PyraException("Cannot take the database lock: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                closeQuietly(connection);
                Thread.currentThread().interrupt();
                throw new PyraException("Interrupted while waiting for the database lock", e);
            } catch (RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
        }
    }

    /** What the other sessions see of this one: host and process, in {@code pg_stat_activity}. */
    static String identity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        String name = "pyra on " + host + " pid " + ProcessHandle.current().pid();
        return name.length() > 63 ? name.substring(0, 63) : name; // PostgreSQL's limit for application_name
    }

    private static Connection connect(String jdbcUrl, String user, String password) {
        Properties properties = new Properties();
        if (user != null && !user.isBlank()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isBlank()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", identity());
        properties.setProperty("tcpKeepAlive", "true");
        try {
            return DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            throw new PyraException("Cannot connect to PostgreSQL at " + Database.redactUrl(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, KEY);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock, as its session says: its application name, address and since when. */
    private static String holder(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select a.application_name, coalesce(host(a.client_addr), 'a local socket'), a.backend_start
                from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and l.classid = ? and l.objid = ? and l.objsubid = 1""")) {
            statement.setLong(1, KEY >>> 32);
            statement.setLong(2, KEY & 0xffffffffL);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return "it was released just now";
                }
                String name = rs.getString(1);
                return (name == null || name.isBlank() ? "a session with no name" : name) + ", connected from " + rs.getString(2)
                        + " since " + rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    private void watch(Runnable lost) {
        watchdog.scheduleWithFixedDelay(() -> {
            if (closed) {
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
                    and classid = ? and objid = ? and objsubid = 1""")) {
                statement.setQueryTimeout(10);
                statement.setLong(1, KEY >>> 32);
                statement.setLong(2, KEY & 0xffffffffL);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                lose(lost, "the lock is no longer held by this session");
            } catch (SQLException e) {
                lose(lost, e.getMessage());
            }
        }, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void lose(Runnable lost, String why) {
        if (closed) {
            return;
        }
        closed = true;
        log.error("Lost the database lock ({}): another Pyra may take over now, so this one stops trading", why);
        watchdog.shutdown();
        closeQuietly(connection);
        lost.run();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the session ends with the connection either way
        }
    }

    /**
     * Releases the lock, then ends its session: a standby (or this process restarting in place)
     * takes over. Released by name first, because a closed connection's session ends a moment
     * later, on the server's time: an in-place restart could otherwise find its own lock still held.
     */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setQueryTimeout(5);
            statement.setLong(1, KEY);
            statement.execute();
        } catch (SQLException e) {
            // the database stopping first (a shutdown racing this one) ends the session, and the lock with it
            log.debug("Could not release the database lock by name ({}); it goes with the session", e.getMessage());
        }
        closeQuietly(connection);
    }
}
