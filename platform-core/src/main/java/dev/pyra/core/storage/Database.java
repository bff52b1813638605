package dev.pyra.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pyra.core.PyraException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/** The connection pool, schema migrations and JDBI handle over one PostgreSQL database. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    }

    /** Connects and migrates the schema to the newest version. */
    public static Database open(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        config.setPoolName("pyra-db");
        config.setMaximumPoolSize(16);
        // four at start, more as load asks: sixteen logins at once cost start-up a few hundred ms of CPU on two cores
        config.setMinimumIdle(4);
        // a connection the pool cannot get within 1.5 s means the database is down: writers hold their writes, a webhook
        // answers 503 within TradingView's 3 s (the pool reconnects by itself when the server is back)
        config.setConnectionTimeout(1_500);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new PyraException("Cannot connect to PostgreSQL at " + redactUrl(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new PyraException("Cannot migrate the database schema: " + rootMessage(e), e);
        }
        return new Database(dataSource);
    }

    /** The newest migration in {@code db/migration} ({@code DatabaseTest} fails when a newer one is added without it). */
    static final int NEWEST_MIGRATION = 6;

    static void migrate(DataSource dataSource) {
        if (upToDate(dataSource)) {
            return; // the common start: Flyway (a few hundred ms of start-up) is needed only when there is something to do
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private static boolean upToDate(DataSource dataSource) {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery(
                        "select max(cast(version as integer)) from flyway_schema_history where success and version ~ '^[0-9]+$'")) {
            return rs.next() && rs.getInt(1) == NEWEST_MIGRATION;
        } catch (java.sql.SQLException e) {
            return false; // a new database (no history table yet): Flyway makes it
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** True when the database answers a trivial query. */
    public boolean isUp() {
        try {
            return jdbi.withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String serverVersion() {
        return jdbi.withHandle(h -> h.createQuery("show server_version").mapTo(String.class).one());
    }

    /** Hides credentials a URL may carry ({@code password=...}). */
    public static String redactUrl(String jdbcUrl) {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
