package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.client.RunningServer;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.Results;
import dev.orion.host.services.Worker;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import dev.orion.host.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlowRunRetryCommandTest {

    @TempDir
    Path dir;

    /** Ten tasks in a row; the seventh fails while a marker file exists. Every execution is logged to a file. */
    private static final String FLOW = """
            import dev.orion.api.*;
            import java.nio.file.*;

            public class TenSteps {
                static final Task<Integer> step = Task.of("step", (Integer i, String dir) -> {
                    Path d = Path.of(dir);
                    Files.writeString(d.resolve("executed.txt"), i + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (i == 6 && Files.deleteIfExists(d.resolve("fail-once"))) {
                        throw new IllegalStateException("step 7 failed once");
                    }
                    return i * 10;
                });

                public static final Flow<Integer> tenSteps = Flow.of("ten-steps", (String dir) -> {
                    int sum = 0;
                    for (int i = 0; i < 10; i++) {
                        sum += step.call(i, dir);
                    }
                    return sum;
                });
            }
            """;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void retryingARunThatFailedAtItsSeventhOfTenTasksExecutesOnlyTasksSevenToTen(TestDatabase kind) throws Exception {
        Path work = workThatFailsOnce();
        Path source = Files.writeString(dir.resolve("TenSteps.java"), FLOW);
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toString(), "ORION_DATABASE_URL", kind.url(dir),
                "ORION_FLOWS_DIR", dir.toString());

        Result first = orion(env, "run", source.toString(), "--param", "dir=" + work, "--json");
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        String runId = Json.MAPPER.readTree(first.out()).get("flow_run_id").asText();
        assertThat(executed(work)).containsExactly("0", "1", "2", "3", "4", "5", "6");

        Result retry = orion(env, "flow-run", "retry", runId, "--json");
        assertThat(retry.code()).as(retry.err() + retry.out()).isZero();
        JsonNode outcome = Json.MAPPER.readTree(retry.out());
        assertThat(outcome.get("flow_run_id").asText()).isEqualTo(runId);
        assertThat(outcome.get("result").asInt()).isEqualTo(450);
        // Tasks 1-6 kept their results; only 7-10 ran again.
        assertThat(executed(work)).containsExactly("0", "1", "2", "3", "4", "5", "6", "6", "7", "8", "9");

        Result again = orion(env, "flow-run", "retry", runId);
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("only a Failed, Crashed or Cancelled run can be retried");
    }

    @Test
    void aRunOfOrionRunAgainstAServerIsRetriedThroughItAndExecutesOnlyTasksSevenToTen() throws Exception {
        Path work = workThatFailsOnce();
        Path source = Files.writeString(dir.resolve("TenSteps.java"), FLOW);
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> env = new HashMap<>(server.clientEnv(dir));
            env.put("ORION_FLOWS_DIR", dir.toString());

            Result first = orion(env, "run", source.toString(), "--param", "dir=" + work, "--json");
            assertThat(first.code()).as(first.err()).isEqualTo(1);
            String runId = Json.MAPPER.readTree(first.out()).get("flow_run_id").asText();
            // Where the flow came from travels in the run's context, Prefect's free-form field.
            try (HttpOrchestrator api = server.orchestrator()) {
                assertThat(api.api().get("/flow_runs/" + runId).at("/context/orion_entrypoint").asText())
                        .isEqualTo("TenSteps.java");
            }
            Result retry = orion(env, "flow-run", "retry", runId, "--json");

            assertThat(retry.code()).as(retry.err() + retry.out()).isZero();
            assertThat(Json.MAPPER.readTree(retry.out()).get("result").asInt()).isEqualTo(450);
            assertThat(executed(work)).containsExactly("0", "1", "2", "3", "4", "5", "6", "6", "7", "8", "9");
        }
    }

    @Test
    void aDeploymentRunThatFailedOnAWorkerIsRetriedThroughTheServer() throws Exception {
        Path work = workThatFailsOnce();
        Path source = Files.writeString(dir.resolve("TenSteps.java"), FLOW);
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> env = new HashMap<>(server.clientEnv(dir));
            env.put("ORION_FLOWS_DIR", dir.toString());
            Result deployed = orion(env, "deployment", "create", source.toString(), "--name", "ten", "--queue", "q",
                    "--param", "dir=" + work);
            assertThat(deployed.code()).as(deployed.err()).isZero();
            Result created = orion(env, "deployment", "run", "ten", "--json");
            String runId = Json.MAPPER.readTree(created.out()).get("id").asText();
            try (HttpOrchestrator api = server.orchestrator();
                 FlowSources sources = new FlowSources(dir);
                 FlowEngine engine = new FlowEngine(api, new Results(dir.resolve("results"), Json.MAPPER), Json.MAPPER, null);
                 Worker worker = Worker.start(api, engine, sources,
                         new Worker.Options("q", 1, Duration.ofMillis(100), null, "w1"), null)) {
                Eventually.until("the run to end on the worker",
                        () -> api.readRun(UUID.fromString(runId), RunKind.FLOW).orElseThrow().state().isTerminal());
                assertThat(api.readRun(UUID.fromString(runId), RunKind.FLOW).orElseThrow().state().type())
                        .isEqualTo(StateType.FAILED);
            }
            assertThat(executed(work)).containsExactly("0", "1", "2", "3", "4", "5", "6");

            Result retry = orion(env, "flow-run", "retry", runId, "--json");

            assertThat(retry.code()).as(retry.err() + retry.out()).isZero();
            assertThat(Json.MAPPER.readTree(retry.out()).get("result").asInt()).isEqualTo(450);
            assertThat(executed(work)).containsExactly("0", "1", "2", "3", "4", "5", "6", "6", "7", "8", "9");
        }
    }

    /** The flow's working folder, with the marker that makes its seventh step fail once. */
    private Path workThatFailsOnce() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("fail-once"), "");
        return work;
    }

    private static List<String> executed(Path work) throws Exception {
        return Files.readAllLines(work.resolve("executed.txt"));
    }

    private record Result(int code, String out, String err) {
    }

    private static Result orion(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
