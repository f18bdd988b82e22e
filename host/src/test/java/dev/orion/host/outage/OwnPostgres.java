package dev.orion.host.outage;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own, in {@code target/}, on a free port: made with the
 * installed PostgreSQL's {@code initdb}, started and stopped with its {@code pg_ctl} (as the
 * {@code postgres} user when the test runs as root, since PostgreSQL refuses root). Never the
 * machine's own PostgreSQL. Without the binaries the test is skipped, and fails when {@code CI=true}.
 */
final class OwnPostgres implements AutoCloseable {

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private OwnPostgres(Path bin, Path data, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** A new cluster under {@code target/}, started. */
    static OwnPostgres start() throws Exception {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = Path.of("target", "own-postgres-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(data);
        if (root) {
            run(List.of("chown", "postgres", data.toString()));
        }
        OwnPostgres pg = new OwnPostgres(bin, data, freePort(), root);
        pg.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres"));
        pg.startAgain();
        return pg;
    }

    /** The JDBC URL of a fresh schema of this cluster (as {@code TestDatabase} gives on the shared one). */
    String freshUrl() throws SQLException {
        String base = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return base + "&currentSchema=" + schema;
    }

    /** Stops the cluster as an administrator would for maintenance ({@code pg_ctl -m fast stop}). */
    void stop() throws Exception {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    /** Starts the cluster (again) and waits until it accepts connections. */
    void startAgain() throws Exception {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-o",
                "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1", "-l", data.resolve("log").toString(),
                "-w", "-t", "120", "start"));
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void pg(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> dirs = Files.list(versions)) {
                var found = dirs.map(d -> d.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl"))
                        && Files.isExecutable(b.resolve("initdb"))).sorted().reduce((a, b) -> b);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        String why = "no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin: the outage tests need them";
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
        throw new IllegalStateException(why);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
