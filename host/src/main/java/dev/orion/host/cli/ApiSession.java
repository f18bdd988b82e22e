package dev.orion.host.cli;

import dev.orion.host.client.ApiTransport;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.OrionServer;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.Database;
import java.time.Duration;

/**
 * The API a CLI command talks to: the server at {@code ORION_API_URL} when it is set; otherwise
 * the embedded store, served for the command's lifetime by an in-process API on a loopback port
 * (no services), so both modes run the same requests. Close it after the command.
 */
final class ApiSession implements AutoCloseable {

    private final ApiTransport api;
    private final OrionServer local;
    private final Database db;
    private final PluginRegistry plugins;

    private ApiSession(ApiTransport api, OrionServer local, Database db, PluginRegistry plugins) {
        this.api = api;
        this.local = local;
        this.db = db;
        this.plugins = plugins;
    }

    static ApiSession open(CliContext context) {
        var settings = context.settings();
        if (settings.apiUrl().isPresent()) {
            return new ApiSession(new ApiTransport(settings.apiUrl().get(), settings.apiKey()),
                    null, null, null);
        }
        // The states these commands propose are decided with the same effective policy as orion run's.
        PluginRegistry plugins = PluginRegistry.load(settings.pluginsDir());
        Database db = null;
        try {
            db = context.openDatabase();
            ServerContext ctx = ServerContext.create(settings.withoutApiKey(), db, plugins);
            OrionServer server = new OrionServer(ctx).start("127.0.0.1", 0);
            return new ApiSession(new ApiTransport("http://127.0.0.1:" + server.port() + "/api",
                    java.util.Optional.empty(), Duration.ZERO), server, db, plugins);
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            plugins.close();
            throw e;
        }
    }

    ApiTransport api() {
        return api;
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
        }
        if (db != null) {
            db.close();
        }
        if (plugins != null) {
            plugins.close();
        }
    }
}
