package dev.orion.host.cli;

import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The same commands with {@code ORION_API_URL} set: the run is executed against a server and
 * {@code flow-run ls | inspect | logs} read it from the server's API, not from a local store.
 */
class FlowRunCommandRemoteTest extends FlowRunCommandTest {

    private RunningServer server;

    @Override
    Map<String, String> where(Path dir) {
        server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"));
        return server.clientEnv(dir);
    }

    @AfterEach
    void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }
}
