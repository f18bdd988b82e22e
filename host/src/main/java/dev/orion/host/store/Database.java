package dev.orion.host.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.orion.api.OrionException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Orion's database: a pooled {@link DataSource} for SQLite or PostgreSQL with the schema
 * migrated by Flyway, and the single {@link StoreWriter} every write goes through.
 * Thread-safe. Open with {@link #open(String)}; close when done.
 */
public final class Database implements AutoCloseable {

    /** The SQL dialects Orion speaks. */
    public enum Dialect { SQLITE, POSTGRESQL }

    private static final Object MIGRATING = new Object();

    private final String url;
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Flyway flyway;
    private final StoreWriter writer;
    private final DatabaseOutage outage;

    private Database(String url, Dialect dialect, HikariDataSource dataSource) {
        this.url = url;
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.outage = new DatabaseOutage(redact(url), this::probe, () -> {
            // Connections opened before the outage are dead: let the pool replace them.
            var pool = dataSource.getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        });
        var config = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                // Migrations are numbered by area (V1.. core, V20.. server); a database made by a
                // build that had a later area's migration still takes an earlier one added since.
                .outOfOrder(true)
                .createSchemas(true);
        currentSchema(url).ifPresent(config::schemas);
        this.flyway = config.load();
        this.writer = new StoreWriter(this);
    }

    /**
     * Opens the database at a JDBC URL ({@code jdbc:sqlite:...} or {@code jdbc:postgresql:...})
     * and brings its schema up to date.
     *
     * @throws OrionException if the URL is of another kind, the database is unreachable or a
     *                        migration fails
     */
    public static Database open(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Database db = connect(jdbcUrl);
        try {
            db.upgrade();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens the database without migrating it. */
    static Database connect(String jdbcUrl) {
        Dialect dialect = dialectOf(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("orion");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(15_000);
        if (dialect == Dialect.SQLITE) {
            ensureParentDirectory(jdbcUrl);
            // WAL lets readers proceed while the one writer commits; busy_timeout covers the rest.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("foreign_keys", "false");
            config.setMaximumPoolSize(6);
        } else {
            config.setMaximumPoolSize(10);
        }
        try {
            HikariDataSource ds = new HikariDataSource(config);
            try (Connection c = ds.getConnection()) {
                c.isValid(5);
            }
            return new Database(jdbcUrl, dialect, ds);
        } catch (SQLException | RuntimeException e) {
            throw new OrionException("cannot open the database at " + redact(jdbcUrl) + ": " + rootMessage(e)
                    + (dialect == Dialect.POSTGRESQL ? "; is PostgreSQL running and the URL right?"
                    : "; check that the path is writable"), e);
        }
    }

    /** Applies pending migrations; returns the schema version. */
    public String upgrade() {
        // One migration at a time in this JVM (a file lock is held per process, not per thread), and
        // across processes through the lock file.
        synchronized (MIGRATING) {
            return upgradeLocked();
        }
    }

    private String upgradeLocked() {
        try (FileChannel ignored = lockedForMigration()) {
            flyway.migrate();
            return schemaVersion();
        } catch (FlywayException e) {
            throw new OrionException("cannot migrate the database at " + redact(url) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OrionException("cannot lock the database at " + redact(url) + " to migrate it: " + e.getMessage()
                    + "; check that its folder is writable", e);
        }
    }

    /**
     * On a SQLite file, a lock on {@code FILE.migrate.lock} that two processes opening a new
     * database at once take in turn (the second then finds the schema made, where without it
     * SQLite refuses its migration: "database is locked"); PostgreSQL needs none (Flyway takes
     * an advisory lock there). Closing the channel releases the lock; null when there is nothing
     * to lock.
     */
    private FileChannel lockedForMigration() throws IOException {
        String file = file();
        if (dialect != Dialect.SQLITE || file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return null;
        }
        FileChannel channel = FileChannel.open(Path.of(file + ".migrate.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            channel.lock();
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Drops everything Orion stored and re-creates the empty schema. */
    public void reset() {
        writer.flush();
        try {
            flyway.clean();
            flyway.migrate();
        } catch (FlywayException e) {
            throw new OrionException("cannot reset the database at " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /** The version of the newest applied migration, or "none". */
    public String schemaVersion() {
        var current = flyway.info().current();
        return current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion();
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The one writer all writes go through. */
    /** The most connections the pool opens. */
    public int maxConnections() {
        return dataSource.getMaximumPoolSize();
    }

    public StoreWriter writer() {
        return writer;
    }

    /** The database file for SQLite (as an absolute path), else the JDBC URL with any password hidden. */
    public String file() {
        if (dialect != Dialect.SQLITE) {
            return displayUrl();
        }
        String path = url.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        path = q >= 0 ? path.substring(0, q) : path;
        return path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:") ? path
                : Path.of(path).toAbsolutePath().toString();
    }

    /** The JDBC URL with any password hidden. */
    public String displayUrl() {
        return redact(url);
    }

    /**
     * A pooled connection; close it when done. While the database is known to be unreachable
     * this fails at once with {@link DatabaseUnavailableException}, not after the pool's timeout.
     */
    public Connection connection() throws SQLException {
        outage.check();
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            Optional<DatabaseUnavailableException> down = unavailable(e);
            if (down.isPresent()) {
                throw down.get();
            }
            throw e;
        }
    }

    /**
     * Closes a pooled connection that must not be lent again: after a full disk (say) SQLite
     * rolls the transaction back by itself and leaves the connection in autocommit mode while
     * the driver still takes it for a transaction, so its next "transaction" would commit each
     * statement on its own. Give the connection already closed (returned to the pool).
     */
    public void discard(Connection connection) {
        dataSource.evictConnection(connection);
    }

    /** The breaker that knows whether the database can be reached now. */
    public DatabaseOutage outage() {
        return outage;
    }

    /**
     * Notes a failure with the breaker; answers a {@link DatabaseUnavailableException} for it
     * when it shows the database cannot be reached.
     */
    public Optional<DatabaseUnavailableException> unavailable(Throwable e) {
        if (e instanceof DatabaseUnavailableException u) {
            return Optional.of(u);
        }
        if (outage.failed(e)) {
            return Optional.of(new DatabaseUnavailableException("the database at " + displayUrl() + " is unreachable ("
                    + DatabaseOutage.rootMessage(e) + ")", e));
        }
        return Optional.empty();
    }

    /**
     * A connection of its own, outside the pool, for a caller that holds it long (a listener
     * for PostgreSQL's notifications); close it when done.
     */
    public Connection ownConnection() throws SQLException {
        Properties p = new Properties();
        if (dialect == Dialect.POSTGRESQL) {
            p.setProperty("connectTimeout", "5");
            p.setProperty("tcpKeepAlive", "true");
        }
        return DriverManager.getConnection(url, p);
    }

    /** Opens a connection of its own, outside the pool, with short timeouts: is the database there? */
    private void probe() throws SQLException {
        Properties p = new Properties();
        if (dialect == Dialect.POSTGRESQL) {
            p.setProperty("connectTimeout", "2");
            p.setProperty("socketTimeout", "3");
        }
        try (Connection c = DriverManager.getConnection(url, p); var s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    /** Binds a query's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a read on a pooled connection and maps every row; sees what was committed. */
    public <T> List<T> query(String sql, Binder binder, Mapper<T> mapper) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            if (unavailable(e).isPresent()) {
                throw unavailable(e).get();
            }
            throw new OrionException("cannot read from the database at " + displayUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writer.close();
        dataSource.close();
    }

    static Dialect dialectOf(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return Dialect.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new OrionException("unsupported database URL '" + redact(url)
                + "': use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB");
    }

    private static Optional<String> currentSchema(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        for (String param : url.substring(q + 1).split("&")) {
            if (param.startsWith("currentSchema=")) {
                return Optional.of(param.substring("currentSchema=".length()));
            }
        }
        return Optional.empty();
    }

    private static void ensureParentDirectory(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new OrionException("cannot create the folder " + parent + " for the database: " + e.getMessage(), e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
