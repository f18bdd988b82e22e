package dev.orion.host.server;

import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real Orion server on a free port over a fresh test database, with the core policies; close it after the test. */
final class TestServer implements AutoCloseable {

    final Database db;
    final OrionServer server;
    final ApiClient client;

    private TestServer(Database db, OrionServer server, String apiKey) {
        this.db = db;
        this.server = server;
        this.client = new ApiClient("http://127.0.0.1:" + server.port() + "/api", apiKey);
    }

    static TestServer start(TestDatabase database, Path dir) {
        return start(database, dir, null);
    }

    static TestServer start(TestDatabase database, Path dir, String apiKey) {
        return start(database, dir, apiKey, null);
    }

    /** A server that takes a full key and a read-only key ({@code ORION_API_READ_KEY}). */
    static TestServer start(TestDatabase database, Path dir, String apiKey, String readKey) {
        Map<String, String> env = new HashMap<>();
        env.put("ORION_HOME", dir.toString());
        if (apiKey != null) {
            env.put("ORION_API_KEY", apiKey);
        }
        if (readKey != null) {
            env.put("ORION_API_READ_KEY", readKey);
        }
        Database db = database.open(dir);
        ServerContext ctx = ServerContext.create(OrionSettings.fromMap(env), db, CorePolicies::policySet);
        OrionServer server = new OrionServer(ctx).start("127.0.0.1", 0);
        return new TestServer(db, server, apiKey);
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/api";
    }

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
