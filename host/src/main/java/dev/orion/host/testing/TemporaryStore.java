package dev.orion.host.testing;

import dev.orion.api.OrionException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A temporary store for one test (the JUnit extension's, or a script test's {@code testing.runFlow}): a fresh {@code ORION_HOME} folder with SQLite in it, or, when
 * {@code ORION_TEST_DATABASE_URL} (or {@code -Dorion.test.databaseUrl}) names a PostgreSQL
 * database, a fresh schema of it. {@link #close()} deletes the folder and drops the schema.
 * Not thread-safe.
 */
public final class TemporaryStore implements AutoCloseable {

    public static final String URL_VARIABLE = "ORION_TEST_DATABASE_URL";
    public static final String URL_PROPERTY = "orion.test.databaseUrl";

    private final Path home;
    private final String postgresBase;
    private final String schema;

    private TemporaryStore(Path home, String postgresBase, String schema) {
        this.home = home;
        this.postgresBase = postgresBase;
        this.schema = schema;
    }

    /** A fresh store: a new temporary folder, and a new schema when a PostgreSQL test database is set. */
    public static TemporaryStore create() {
        try {
            Path home = Files.createTempDirectory("orion-test-");
            String base = System.getProperty(URL_PROPERTY, System.getenv(URL_VARIABLE));
            if (base == null || base.isBlank()) {
                return new TemporaryStore(home, null, null);
            }
            if (!base.startsWith("jdbc:postgresql:")) {
                throw new OrionException(URL_VARIABLE + " must be a jdbc:postgresql: URL, got " + base
                        + "; unset it to test on SQLite");
            }
            String schema = "orion_test_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            return new TemporaryStore(home, base, schema);
        } catch (IOException | SQLException e) {
            throw new OrionException("cannot create a temporary Orion store: " + e.getMessage(), e);
        }
    }

    /** The environment an Orion on this store reads. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("ORION_HOME", home.toString());
        if (postgresBase != null) {
            env.put("ORION_DATABASE_URL", postgresBase + (postgresBase.contains("?") ? "&" : "?")
                    + "currentSchema=" + schema);
        }
        return env;
    }

    /** The temporary {@code ORION_HOME} folder. */
    public Path home() {
        return home;
    }

    @Override
    public void close() throws IOException, SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(postgresBase); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        Files.walkFileTree(home, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
