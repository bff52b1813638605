package dev.pyra.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.core.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The schema: made by Flyway on a new database; on an up-to-date one, Flyway is not even started (start-up time). */
class DatabaseTest {
    @Test
    void theNewestMigrationIsTheOneTheCodeKnows() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertThat(Database.NEWEST_MIGRATION).as("Database.NEWEST_MIGRATION after adding V" + newest).isEqualTo(newest);
        }
    }

    @Test
    void anUpToDateSchemaSkipsFlywayAndANewerHistoryStillMeetsIt() {
        String url = TestPostgres.newDatabaseUrl();
        try (Database first = Database.open(url, null, null)) {
            int applied = first.jdbi().withHandle(h -> h.createQuery("select count(*) from flyway_schema_history where success")
                    .mapTo(Integer.class).one());
            assertThat(applied).isEqualTo(Database.NEWEST_MIGRATION);
            // a checksum Flyway's validation would refuse: the next start does not run Flyway at all
            first.jdbi().useHandle(h -> h.execute("update flyway_schema_history set checksum = 42 where version = '1'"));
        }
        try (Database again = Database.open(url, null, null)) {
            assertThat(again.isUp()).isTrue();
            // a history newer than this build: Flyway runs, and refuses as it always did
            again.jdbi().useHandle(h -> h.execute("""
                    insert into flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,
                        execution_time, success) values (99, '99', 'future', 'SQL', 'V99__future.sql', 1, 'test', 1, true)"""));
        }
        assertThatThrownBy(() -> Database.open(url, null, null)).hasMessageContaining("migrate");
    }
}
