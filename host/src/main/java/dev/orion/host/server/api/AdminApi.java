package dev.orion.host.server.api;

import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.Requests;
import dev.orion.host.store.Database;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * Health and versions: {@code GET /api/health} (open even with an API key), {@code /api/ready}
 * (503 while the database cannot be reached), {@code /api/version}
 * (the Prefect API version this server speaks) and {@code /api/admin/version} (the Prefect
 * release whose client it serves), and {@code /api/plugins}.
 */
public final class AdminApi implements ApiRoutes {

    private final PluginRegistry plugins;
    private final Database db;

    public AdminApi(PluginRegistry plugins, Database db) {
        this.plugins = plugins;
        this.db = db;
    }

    /** The Prefect REST API version whose shapes this server answers in. */
    public static final String API_VERSION = "0.8.4";
    /** The Prefect release whose client this server is tested with. */
    public static final String SERVER_VERSION = "2.14.21";

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/health", ctx -> Requests.ok(ctx, true));
        // Ready only while the database answers: a failure here is a 503 (DatabaseGate).
        routes.get("/api/ready", ctx -> {
            db.query("SELECT 1", ps -> { }, rs -> rs.getInt(1));
            Requests.ok(ctx, Map.of("message", "OK"));
        });
        routes.get("/api/version", ctx -> Requests.ok(ctx, API_VERSION));
        routes.get("/api/admin/version", ctx -> Requests.ok(ctx, SERVER_VERSION));
        routes.get("/api/plugins", ctx -> Requests.ok(ctx, plugins.plugins()));
    }
}
