package dev.orion.host.server;

import dev.orion.host.OrionSettings;
import dev.orion.host.metrics.MetricsEndpoint;
import dev.orion.host.metrics.MetricsSettings;
import dev.orion.host.metrics.OrionMetrics;
import dev.orion.host.metrics.StoreMetrics;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.store.Database;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts everything {@code orion server start} runs in one process: the database, the plugins
 * of {@code ORION_PLUGINS_DIR}, the orchestrator (with the same effective policy as the CLI), the REST API and the services (scheduler, late-run marker). {@link #close()}
 * stops them in reverse order: API, services, orchestrator (flushing), database. Thread-safe.
 */
public final class ServerLauncher implements AutoCloseable {

    private final Database db;
    private final PluginRegistry plugins;
    private final OrionServer server;
    private final MetricsEndpoint metrics;
    private boolean closed;

    private ServerLauncher(Database db, PluginRegistry plugins, OrionServer server, MetricsEndpoint metrics) {
        this.db = db;
        this.plugins = plugins;
        this.server = server;
        this.metrics = metrics;
    }

    /** Opens the database of the settings and serves on host and port (0 for a free one). */
    public static ServerLauncher start(OrionSettings settings, String host, int port) {
        OrionMetrics.registry(); // before the first meter records, so /metrics misses nothing
        Database db = Database.open(settings.databaseUrl());
        PluginRegistry plugins = null;
        try {
            plugins = PluginRegistry.load(settings.pluginsDir());
            ServerContext ctx = ServerContext.create(settings, db, plugins);
            OrionServer server = new OrionServer(ctx).start(host, port)
                    .startServices(Duration.ofSeconds(5), Duration.ofSeconds(15));
            MetricsEndpoint metrics = null;
            try {
                // ORION_METRICS_PORT: /metrics with no key, on a port of its own.
                metrics = MetricsSettings.fromEnvironment().port()
                        .map(p -> MetricsEndpoint.start(host, p, new StoreMetrics(db)::scrape)).orElse(null);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return new ServerLauncher(db, plugins, server, metrics);
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

    /** The open metrics port ({@code ORION_METRICS_PORT}), if one is served. */
    public Optional<Integer> metricsPort() {
        return Optional.ofNullable(metrics).map(MetricsEndpoint::port);
    }

    public String displayDatabase() {
        return db.displayUrl();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (metrics != null) {
                metrics.close();
            }
            server.close();
            db.close();
            plugins.close();
        }
    }
}
