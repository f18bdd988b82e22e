package dev.orion.host.cli;

import static dev.orion.host.cli.RunCommandTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.OrionSettings;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orion flow-run ls | inspect | logs} over the local store. */
class FlowRunCommandTest {

    @TempDir
    Path dir;

    OrionSettings settings;
    String flowRunId;

    Map<String, String> env;

    /** Where the commands read: the local store here; the server at ORION_API_URL in {@link FlowRunCommandRemoteTest}. */
    Map<String, String> where(Path dir) {
        return Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", TestDatabase.SQLITE.url(dir));
    }

    @BeforeEach
    void runTheEtlExample() {
        env = where(dir);
        settings = OrionSettings.fromMap(env);
        var r = execute(new RunCommand(() -> settings), RunCommandTest.ETL.toString(), "--param", "n=4", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        flowRunId = r.json().path("flow_run_id").asText();
    }

    @Test
    void inspectShowsParametersResultStateHistoryWithRulesAndTaskRunsWithUpstreamEdges() {
        var r = execute(new FlowRunCommand(() -> settings), "inspect", flowRunId, "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode run = r.json();
        assertThat(run.path("parameters").path("n").asInt()).isEqualTo(4);
        assertThat(run.path("result").asInt()).isEqualTo(14);
        assertThat(names(run.path("states"))).containsExactly("Pending", "Running", "Completed");
        JsonNode load = taskRun(run, "load-0");
        assertThat(names(load.path("states")))
                .containsExactly("Pending", "Running", "AwaitingRetry", "Retrying", "Completed");
        assertThat(load.path("states").get(2).path("rule").asText()).isEqualTo("RetryFailedTasks");
        assertThat(texts(load.path("upstream")))
                .containsExactly("squares <- square-0", "squares <- square-1", "squares <- square-2", "squares <- square-3");
        assertThat(texts(taskRun(run, "audit-0").path("upstream"))).hasSize(4).allMatch(e -> e.startsWith("wait_for <- square-"));
        JsonNode cached = taskRun(run, "extract-1");
        assertThat(cached.path("state").path("name").asText()).isEqualTo("Cached");
        assertThat(cached.path("states").get(1).path("rule").asText()).isEqualTo("CacheRetrieval");
        assertThat(taskRun(run, "report-0").path("state").path("name").asText()).isEqualTo("Completed");

        var text = execute(new FlowRunCommand(() -> settings), "inspect", flowRunId);
        assertThat(text.out()).contains("result     14").contains("RetryFailedTasks").contains("CacheRetrieval")
                .contains("squares <- square-0");
    }

    @Test
    void lsListsRunsAndLogsPrintsTheRunsLog() {
        var ls = execute(new FlowRunCommand(() -> settings), "ls", "--json");
        var table = execute(new FlowRunCommand(() -> settings), "ls", "--flow", "etl");
        var logs = execute(new FlowRunCommand(() -> settings), "logs", flowRunId);

        assertThat(ls.exit()).isZero();
        assertThat(texts(ls.json(), "flow")).contains("etl", "report");
        assertThat(table.out()).startsWith("ID").contains(flowRunId).doesNotContain("report");
        assertThat(logs.out()).contains("squares audited; total=14").contains("Finished in state Completed");
    }

    @Test
    void rulesExplainShowsEveryTransitionOfTheRunAndWhatEachRuleDid() throws Exception {
        CliResult explain = CliResult.orion(env, "rules", "explain", "--run", flowRunId, "--json");

        assertThat(explain.exitCode()).as(explain.toString()).isZero();
        JsonNode all = Json.MAPPER.readTree(explain.out());
        assertThat(all).anySatisfy(d -> {
            assertThat(d.path("run").asText()).isEqualTo("task load-0");
            assertThat(d.path("rule").asText()).isEqualTo("RetryFailedTasks");
            assertThat(d.path("status").asText()).isEqualTo("REJECT");
            assertThat(texts(d.path("rules"))).anyMatch(r -> r.startsWith("RetryFailedTasks: REJECT"));
        });
        assertThat(all).filteredOn(d -> d.path("run").asText().startsWith("flow ")).extracting(d -> d.path("proposed").asText())
                .containsExactly("Pending", "Running", "Completed");
        CliResult text = CliResult.orion(env, "rules", "explain", "--run", flowRunId);
        assertThat(text.out()).contains("task load-0: Running -> Failed: REJECT (AwaitingRetry)");
    }

    @Test
    void anUnknownIdSaysSoAndExits2() {
        var unknown = execute(new FlowRunCommand(() -> settings), "inspect", UUID.randomUUID().toString());
        var malformed = execute(new FlowRunCommand(() -> settings), "logs", "nope");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no flow run with id");
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("'nope' is not a flow run id");
    }

    private static JsonNode taskRun(JsonNode run, String name) {
        for (JsonNode t : run.path("task_runs")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no task run " + name + " in " + run.path("task_runs"));
    }

    private static List<String> names(JsonNode states) {
        return texts(states, "name");
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
