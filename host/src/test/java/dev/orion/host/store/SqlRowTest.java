package dev.orion.host.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqlRowTest {

    static final SqlRow.Insert UPSERT = SqlRow.Insert.of("INSERT INTO row_test (id, name, created) VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name");

    @TempDir
    Path dir;

    @Test
    void anInsertWritesItsNullsAsLiteralsAndBindsTheRest() {
        SqlRow row = UPSERT.row("a", SqlRow.text(null), 5L);

        assertThat(row.sql()).isEqualTo("INSERT INTO row_test (id, name, created) VALUES (?, NULL, ?)"
                + " ON CONFLICT (id) DO UPDATE SET name = excluded.name");
        assertThat(row.values()).containsExactly("a", 5L);
        assertThat(UPSERT.row("a", "n", 5L).values()).containsExactly("a", "n", 5L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rowsWithAndWithoutNullsUpdateTheSameRow(TestDatabase kind) {
        try (Database db = kind.open(dir)) {
            db.writer().transact(c -> {
                try (var s = c.createStatement()) {
                    return s.execute("CREATE TABLE row_test (id VARCHAR(36) PRIMARY KEY, name VARCHAR(64), created BIGINT)");
                }
            });
            db.writer().enqueue(UPSERT.row("a", "named", 1L));
            db.writer().flush();
            db.writer().enqueue(UPSERT.row("a", SqlRow.text(null), 2L));
            db.writer().flush();

            assertThat(db.query("SELECT coalesce(name, 'none') || ':' || created FROM row_test", ps -> { }, rs -> rs.getString(1)))
                    .containsExactly("none:1");
        }
    }
}
