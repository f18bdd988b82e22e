package dev.orion.host.client;

import dev.orion.host.OrionSettings;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.OrionServer;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.Database;
import dev.orion.host.store.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A real Orion server on a free (or given) port over a fresh test database, with the CLI's
 * effective policy; and the environment a client process needs to reach it. Close it after the test.
 */
public final class RunningServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public final Database db;
    public final OrionServer server;
    public final Path home;
    private final String apiKey;

    private RunningServer(Database db, OrionServer server, Path home, String apiKey) {
        this.db = db;
        this.server = server;
        this.home = home;
        this.apiKey = apiKey;
    }

    public static RunningServer start(TestDatabase database, Path dir) {
        return start(database, dir, null, 0);
    }

    public static RunningServer start(TestDatabase database, Path dir, String apiKey, int port) {
        return start(database.url(dir), dir, apiKey, port);
    }

    /** A server on the database at {@code databaseUrl} (for tests that also open it themselves). */
    public static RunningServer start(String databaseUrl, Path dir, String apiKey, int port) {
        Path home = dir.resolve("server-home");
        Map<String, String> env = new HashMap<>();
        env.put("ORION_HOME", home.toString());
        if (apiKey != null) {
            env.put("ORION_API_KEY", apiKey);
        }
        Database db = Database.open(databaseUrl);
        ServerContext ctx = ServerContext.create(OrionSettings.fromMap(env), db, PluginRegistry.none());
        OrionServer server = new OrionServer(ctx).start("127.0.0.1", port);
        return new RunningServer(db, server, home, apiKey);
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port() + "/api";
    }

    /** The environment of a client of this server, with its own {@code ORION_HOME} under {@code dir}. */
    public Map<String, String> clientEnv(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("ORION_HOME", dir.resolve("client-home").toString());
        env.put("ORION_API_URL", url());
        if (apiKey != null) {
            env.put("ORION_API_KEY", apiKey);
        }
        return env;
    }

    /** {@code GET} of an API path (after {@code /api}), as a client without a key sends it. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST} of a JSON body to an API path; the answer's body, which must come with {@code status}. */
    public String post(String path, String body, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != status) {
            throw new AssertionError(path + " answered " + r.statusCode() + ", not " + status + ": " + r.body());
        }
        return r.body();
    }

    public HttpOrchestrator orchestrator() {
        return HttpOrchestrator.connect(url(), Optional.ofNullable(apiKey));
    }

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
