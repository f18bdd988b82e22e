package dev.orion.host.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.OrionChildren;
import dev.orion.host.client.RunningServer;
import dev.orion.host.testing.Heavy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue #20: {@code ORION_LOG_FORMAT=json} makes a server's and a worker's logs JSON lines naming runs and worker. */
@Heavy
class JsonLogsTest {

    private static final String FLOW = """
            const add = task("add", (a, b) => {
              console.log(`adding ${a} and ${b}`);
              return a + b;
            });
            export default flow("adder", () => add(1, 2));
            """;

    private final OrionChildren children = new OrionChildren();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws InterruptedException {
        children.close();
    }

    @Test
    void aServerAndAWorkerLogJsonLinesAndAWorkersLinesNameTheRunTheTaskRunAndTheWorker() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "json-logs-test", "run-" + System.nanoTime()));
        Path flow = Files.writeString(dir.resolve("adder.js"), FLOW);
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toAbsolutePath().toString(),
                "ORION_LOG_FORMAT", "json");
        int port = RunningServer.freePort();
        Path serverLog = dir.resolve("server.log");
        children.start(serverLog, env, "server", "start", "--port", String.valueOf(port));
        String api = "http://127.0.0.1:" + port + "/api";
        children.await("the server answers", () -> children.status(api + "/health", null) == 200);
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("ORION_API_URL", api);
        workerEnv.put("ORION_FLOWS_DIR", flow.toAbsolutePath().getParent().toString());
        Path workerLog = dir.resolve("worker.log");
        children.start(workerLog, workerEnv, "worker", "start", "--queue", "logs", "--poll", "0.2s", "--name", "w-json");

        children.deployAndRun(api, null, "adder", "logs", flow.getFileName() + ":adder", 1);

        children.await("the worker logs the task's line", () -> lines(workerLog).stream()
                .anyMatch(l -> l.path("formattedMessage").asText().contains("adding 1 and 2")));
        JsonNode line = lines(workerLog).stream()
                .filter(l -> l.path("formattedMessage").asText().contains("adding 1 and 2")).findFirst().orElseThrow();
        assertThat(line.path("loggerName").asText()).isEqualTo("orion.run");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("add: adding 1 and 2");
        assertThat(line.path("mdc").path("worker").asText()).isEqualTo("w-json");
        assertThat(line.path("mdc").path("flow_run_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(line.path("mdc").path("task_run_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(lines(serverLog)).as("the server's lines").isNotEmpty()
                .allSatisfy(l -> assertThat(l.path("level").asText()).isNotEmpty());
    }

    @Test
    void anUnknownLogFormatIsRefusedInOneLineWithExitCode2() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "json-logs-test", "run-" + System.nanoTime()));
        Path log = dir.resolve("version.log");
        Process p = children.start(log, Map.of("ORION_HOME", dir.resolve("home").toAbsolutePath().toString(),
                "ORION_LOG_FORMAT", "xml"), "version");
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(OrionChildren.errors(log)))
                .containsExactly("orion: ORION_LOG_FORMAT must be 'text' or 'json', got 'xml'");
    }

    /** Every stderr line of the child, each parsed as JSON (a line that is not JSON fails the test). */
    private List<JsonNode> lines(Path log) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String l : Files.readAllLines(OrionChildren.errors(log))) {
            if (!l.isBlank()) {
                parsed.add(json.readTree(l));
            }
        }
        return parsed;
    }
}
