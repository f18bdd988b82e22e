package dev.orion.host.server;

import dev.orion.host.OrionSettings;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.store.Database;
import java.time.Duration;

/**
 * Starts everything {@code orion server start} runs in one process: the database, the plugins
 * of {@code ORION_PLUGINS_DIR}, the orchestrator (with the same effective policy as the CLI), the REST API and the services (scheduler, late-run marker). {@link #close()}
 * stops them in reverse order: API, services, orchestrator (flushing), database. Thread-safe.
 */
public final class ServerLauncher implements AutoCloseable {

    private final Database db;
    private final PluginRegistry plugins;
    private final OrionServer server;
    private boolean closed;

    private ServerLauncher(Database db, PluginRegistry plugins, OrionServer server) {
        this.db = db;
        this.plugins = plugins;
        this.server = server;
    }

    /** Opens the database of the settings and serves on host and port (0 for a free one). */
    public static ServerLauncher start(OrionSettings settings, String host, int port) {
        Database db = Database.open(settings.databaseUrl());
        PluginRegistry plugins = null;
        try {
            plugins = PluginRegistry.load(settings.pluginsDir());
            ServerContext ctx = ServerContext.create(settings, db, plugins);
            OrionServer server = new OrionServer(ctx).start(host, port)
                    .startServices(Duration.ofSeconds(5), Duration.ofSeconds(15));
            return new ServerLauncher(db, plugins, server);
        } catch (RuntimeException e) {
            db.close();
            if (plugins != null) {
                plugins.close();
            }
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
            plugins.close();
        }
    }
}
