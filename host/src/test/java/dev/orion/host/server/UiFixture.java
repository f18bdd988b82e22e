package dev.orion.host.server;

import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Orion server on a free port and an {@link Orion} engine in the same process that
 * shares the server's database and orchestrator, so runs made through the engine are decided by
 * the server's orchestrator and a cancel made through the API reaches the engine. Close it after.
 */
final class UiFixture implements AutoCloseable {

    final Database db;
    final OrionServer server;
    final Orion orion;
    final ApiClient client;

    private UiFixture(Database db, OrionServer server, Orion orion, String apiKey) {
        this.db = db;
        this.server = server;
        this.orion = orion;
        this.client = new ApiClient(url() + "/api", apiKey);
    }

    static UiFixture start(Path home, String apiKey) {
        return start(home, apiKey, null);
    }

    /** A server with a full key and, when not null, a read-only key ({@code ORION_API_READ_KEY}). */
    static UiFixture start(Path home, String apiKey, String readKey) {
        Map<String, String> env = new HashMap<>();
        env.put("ORION_HOME", home.toString());
        if (apiKey != null) {
            env.put("ORION_API_KEY", apiKey);
        }
        if (readKey != null) {
            env.put("ORION_API_READ_KEY", readKey);
        }
        OrionSettings settings = OrionSettings.fromMap(env);
        Database db = Database.open(settings.databaseUrl());
        ServerContext ctx = ServerContext.create(settings, db, CorePolicies::policySet);
        OrionServer server = new OrionServer(ctx).start("127.0.0.1", 0);
        Orion orion = new Orion(settings, EngineListener.NONE) {
            @Override
            protected Database createDatabase() {
                return db;
            }

            @Override
            protected Orchestrator createOrchestrator(Database database) {
                return ctx.orchestrator();
            }
        };
        return new UiFixture(db, server, orion, apiKey);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        try {
            orion.engine().close();
            orion.plugins().close();
        } finally {
            server.close();
            db.close();
        }
    }
}
