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

    private ApiSession(ApiTransport api, OrionServer local, Database db) {
        this.api = api;
        this.local = local;
        this.db = db;
    }

    static ApiSession open(CliContext context) {
        var settings = context.settings();
        if (settings.apiUrl().isPresent()) {
            return new ApiSession(new ApiTransport(settings.apiUrl().get(), settings.apiKey()),
                    null, null);
        }
        Database db = context.openDatabase();
        try {
            ServerContext ctx = ServerContext.create(settings.withoutApiKey(), db, PluginRegistry.none());
            OrionServer server = new OrionServer(ctx).start("127.0.0.1", 0);
            return new ApiSession(new ApiTransport("http://127.0.0.1:" + server.port() + "/api",
                    java.util.Optional.empty(), Duration.ZERO), server, db);
        } catch (RuntimeException e) {
            db.close();
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
    }
}
