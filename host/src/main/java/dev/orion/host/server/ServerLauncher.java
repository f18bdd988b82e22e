package dev.orion.host.server;

import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import java.time.Duration;

/**
 * Starts everything {@code orion server start} runs in one process: the database, the
 * orchestrator, the REST API and the services (scheduler, late-run marker). {@link #close()}
 * stops them in reverse order: API, services, orchestrator (flushing), database. Thread-safe.
 */
public final class ServerLauncher implements AutoCloseable {

    private final Database db;
    private final OrionServer server;
    private boolean closed;

    private ServerLauncher(Database db, OrionServer server) {
        this.db = db;
        this.server = server;
    }

    /** Opens the database of the settings and serves on host and port (0 for a free one). */
    public static ServerLauncher start(OrionSettings settings, String host, int port) {
        Database db = Database.open(settings.databaseUrl());
        try {
            ServerContext ctx = ServerContext.create(settings, db, CorePolicies::policySet);
            OrionServer server = new OrionServer(ctx).start(host, port)
                    .startServices(Duration.ofSeconds(5), Duration.ofSeconds(15));
            return new ServerLauncher(db, server);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public String displayDatabase() {
        return db.displayUrl();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.close();
            db.close();
        }
    }
}
