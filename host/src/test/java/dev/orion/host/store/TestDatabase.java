package dev.orion.host.store;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the store and orchestrator tests run against: use with
 * {@code @ParameterizedTest @EnumSource(TestDatabase.class)} and open a fresh one per test.
 *
 * <p>PostgreSQL comes from {@code ORION_TEST_POSTGRES_URL} (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); each opened database gets a
 * schema of its own, dropped when the test JVM exits. Without the variable the PostgreSQL
 * cases are skipped on a developer machine, and fail when {@code CI=true}: CI never skips.
 */
public enum TestDatabase {
    SQLITE, POSTGRESQL;

    private static final List<String> SCHEMAS = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropSchemas));
    }

    /** A fresh, migrated database; SQLite lives in {@code dir}. */
    public Database open(Path dir) {
        return Database.open(url(dir));
    }

    /** The JDBC URL of a fresh database (for tests that pass it to the CLI or a child process). */
    public String url(Path dir) {
        if (this == SQLITE) {
            return "jdbc:sqlite:" + dir.resolve("orion-" + UUID.randomUUID() + ".db");
        }
        String base = postgresUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            fail("PostgreSQL at " + base + " is unreachable: " + e.getMessage());
        }
        SCHEMAS.add(schema);
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The PostgreSQL base URL; skips locally or fails in CI when it is not set. */
    public static String postgresUrl() {
        String url = System.getenv("ORION_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ORION_TEST_POSTGRES_URL is not set; CI must run the PostgreSQL tests (see .ci/run)");
            }
            Assumptions.abort("ORION_TEST_POSTGRES_URL is not set: PostgreSQL cases skipped on this machine");
        }
        return url;
    }

    private static void dropSchemas() {
        String url = System.getenv("ORION_TEST_POSTGRES_URL");
        if (url == null || SCHEMAS.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String schema : SCHEMAS) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not drop test schemas: " + e.getMessage());
        }
    }
}
