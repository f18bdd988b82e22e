package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.testing.ChildJvm;
import dev.orion.host.testing.Heavy;
import dev.orion.host.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: a flow that allocates without bound under a small heap ends Crashed with a message
 * naming the heap and ORION_JAVA_OPTS; {@code orion run} says so in one line (exit 1), and a
 * worker that ran such a run goes on to complete the next one.
 */
@Heavy
class HeapExhaustionTest {

    private static final String JAVA_HOG = """
            import dev.orion.api.Flow;
            import java.util.ArrayList;
            import java.util.List;

            public class Hog {
                public static final Flow<Integer> hog = Flow.of("hog", () -> {
                    List<long[]> kept = new ArrayList<>();
                    while (kept.size() >= 0) {
                        kept.add(new long[128 * 1024]);
                    }
                    return kept.size();
                });
            }
            """;

    private static final String JS_HOG = """
            export default flow("hog-js", () => {
              const kept = [];
              while (true) { kept.push(new Array(100000).fill(1.5)); }
            });
            """;

    @TempDir
    Path dir;

    @Test
    void aFlowThatExhaustsTheHeapEndsCrashedNamingTheHeapAndTheCliPrintsOneLine() throws Exception {
        Path flow = Files.writeString(dir.resolve("Hog.java"), JAVA_HOG);
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toString());
        List<String> command = ChildJvm.command(System.getProperty("java.class.path"), Main.class,
                List.of("-Xmx96m"), "run", flow.toString());
        Process p = ChildJvm.builder(command, env).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("orion run ended").isTrue();
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(err).hasSize(1);
        assertThat(lines.getFirst()).startsWith("orion: flow run ").contains("Out of memory")
                .contains("maximum heap is").contains("ORION_JAVA_OPTS").doesNotContain("\tat ");

        CliResult listed = orion(env, "flow-run", "ls", "--json");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        String id = Json.MAPPER.readTree(listed.out()).get(0).get("id").asText();
        CliResult inspected = orion(env, "flow-run", "inspect", id, "--json");
        assertThat(inspected.exitCode()).as(inspected.toString()).isZero();
        JsonNode state = Json.MAPPER.readTree(inspected.out()).get("state");
        assertThat(state.get("type").asText()).isEqualTo("CRASHED");
        assertThat(state.get("message").asText()).contains("Out of memory").contains("ORION_JAVA_OPTS");
    }

    @Test
    void aWorkerWhoseRunExhaustedTheHeapStaysUpAndCompletesTheNextRun() throws Exception {
        Path hog = Files.writeString(dir.resolve("hog.js"), JS_HOG);
        Path ok = Files.writeString(dir.resolve("ok.js"), "export default flow(\"ok\", () => 42);\n");
        try (OrionProcess.Server server = OrionProcess.startServer(dir.resolve("server.log"),
                Map.of("ORION_HOME", dir.resolve("server-home").toString()))) {
            Map<String, String> client = Map.of("ORION_HOME", dir.resolve("client-home").toString(),
                    "ORION_API_URL", server.url(), "ORION_FLOWS_DIR", dir.toString());
            ApiTransport api = new ApiTransport(server.url(), Optional.empty(), Duration.ofSeconds(10));
            assertThat(orion(client, "deployment", "create", hog.toString(), "--name", "d", "--queue", "q").exitCode()).isZero();
            assertThat(orion(client, "deployment", "create", ok.toString(), "--name", "d", "--queue", "q").exitCode()).isZero();
            Map<String, String> workerEnv = Map.of("ORION_HOME", dir.resolve("worker-home").toString(),
                    "ORION_API_URL", server.url(), "ORION_FLOWS_DIR", dir.toString());
            try (OrionProcess worker = OrionProcess.start(dir.resolve("worker.log"), workerEnv, List.of("-Xmx160m"),
                    "worker", "start", "--queue", "q", "--poll", "0.2s", "--name", "w1")) {
                String hogRun = runDeployment(client, "hog-js/d");
                worker.await(() -> "CRASHED".equals(api.get("/flow_runs/" + hogRun).at("/state/type").asText()),
                        "the hog's run to crash");
                assertThat(api.get("/flow_runs/" + hogRun).at("/state/message").asText())
                        .contains("Out of memory").contains("maximum heap is").contains("ORION_JAVA_OPTS");

                String okRun = runDeployment(client, "ok/d");
                worker.await(() -> "COMPLETED".equals(api.get("/flow_runs/" + okRun).at("/state/type").asText()),
                        "the next run to complete on the same worker");
            }
        }
    }

    private static String runDeployment(Map<String, String> client, String name) throws Exception {
        CliResult run = orion(client, "deployment", "run", name, "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.MAPPER.readTree(run.out()).get("id").asText();
    }
}
