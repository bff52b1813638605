package dev.pyra.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pyra.core.PyraException;
import dev.pyra.core.testing.TestPostgres;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One trading Pyra per database (the two-process drill with kill -9 is TwoInstancesE2ETest). */
class DatabaseLockTest {
    private final String url = TestPostgres.newDatabaseUrl();

    @Test
    void aSecondHolderIsRefusedWithWhoHoldsIt() {
        try (DatabaseLock first = DatabaseLock.acquire(url, null, null, false, () -> {})) {
            assertThatThrownBy(() -> DatabaseLock.acquire(url, null, null, false, () -> {}))
                    .isInstanceOf(PyraException.class)
                    .hasMessageContaining("Another Pyra is already trading on this database")
                    .hasMessageContaining(DatabaseLock.identity())
                    .hasMessageContaining("--standby");
        }
    }

    @Test
    void theLockIsFreeTheMomentItsHolderClosesIt() {
        // an in-place restart closes and takes the lock again at once: the session ending later must not stand in the way
        for (int i = 0; i < 30; i++) {
            DatabaseLock.acquire(url, null, null, false, () -> {}).close();
        }
    }

    @Test
    void aStandbyTakesOverWhenTheHolderLetsGo() throws Exception {
        DatabaseLock first = DatabaseLock.acquire(url, null, null, false, () -> {});
        CompletableFuture<DatabaseLock> standby = CompletableFuture.supplyAsync(() -> DatabaseLock.acquire(url, null, null, true, () -> {}));
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(standby).isNotDone();

        first.close();

        standby.get(5, java.util.concurrent.TimeUnit.SECONDS).close();
    }

    @Test
    void aLostSessionIsReportedSoTheHolderStopsTrading() throws Exception {
        AtomicBoolean lost = new AtomicBoolean();
        try (DatabaseLock lock = DatabaseLock.acquire(url, null, null, false, () -> lost.set(true))) {
            // an administrator (or a database restart) ends the lock's session
            try (var connection = DriverManager.getConnection(url);
                    var statement = connection.createStatement()) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() "
                        + "and application_name = '" + DatabaseLock.identity() + "'");
            }
            await().atMost(Duration.ofSeconds(10)).untilTrue(lost);
            // and the lock is free for another instance
            DatabaseLock.acquire(url, null, null, false, () -> {}).close();
        }
    }
}
