package dev.orion.host.scripting;

import static dev.orion.host.scripting.ScriptCli.SCRIPTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.host.Orion;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Python flows and polyglot flows. GraalPy contexts are slow to start, so the tests share one
 * {@link ScriptHost} (one engine, one context per script) except the one that runs the CLI.
 */
class PythonFlowsTest {

    static final String BEHAVIOURS = """
            import time
            from orion import flow, task, get_run_logger

            @task
            def boom(x: int) -> int:
                raise ValueError(f"bad x {x}")

            @flow
            def failing():
                return boom(1)

            @task
            def nap(i: int) -> int:
                time.sleep(0.2)
                return i

            @flow(name="overlap")
            def overlap() -> int:
                print("napping")
                get_run_logger().warning("twenty naps")
                return len([f.result() for f in nap.map(range(20))])

            @task
            async def later(x: int) -> int:
                return x + 1

            @flow
            def awaiting(x: int = 1) -> int:
                return later(x)
            """;

    @TempDir
    static Path scripts;

    static ScriptHost host;

    @TempDir
    Path dir;

    @BeforeAll
    static void createHost() throws Exception {
        Files.writeString(scripts.resolve("behaviours.py"), BEHAVIOURS);
        host = ScriptHost.create();
    }

    @AfterAll
    static void closeHost() {
        host.close();
    }

    static FlowRunOutcome run(Orion orion, ScriptFlow flow, Map<String, ?> params) {
        return orion.run(flow.flow(), flow.complete(params));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void runsTheEtlExampleWithItsTaskRunsAndSubflow(TestDatabase db) {
        ScriptFlow etl = host.load(SCRIPTS.resolve("etl.py")).flow(null);
        try (Orion orion = ScriptCli.orion(dir, db.url(dir))) {
            var out = run(orion, etl, Map.of("n", "5"));

            assertThat(out.isCompleted()).as(String.valueOf(out.state())).isTrue();
            assertThat(out.result()).isEqualTo(30);
            assertThat(new RunStore(orion.database()).taskRunsOf(out.flowRunId())).extracting(RunRow::name)
                    .contains("extract-0", "square-0", "square-4", "total-0", "audit-0", "report-0")
                    .allSatisfy(name -> assertThat(name).isNotBlank());
        }
    }

    @Test
    void theCliRunsEtlPyToTheSameResultAsEtlJsAndListsBoth() {
        String url = TestDatabase.SQLITE.url(dir);
        var py = ScriptCli.run(dir, url, SCRIPTS.resolve("etl.py").toString(), "--param", "n=5", "--json");
        var js = ScriptCli.run(dir, url, SCRIPTS.resolve("etl.js").toString(), "--param", "n=5", "--json");

        assertThat(py.exit()).as(py.err()).isZero();
        assertThat(js.exit()).as(js.err()).isZero();
        assertThat(py.json().path("result")).isEqualTo(js.json().path("result"));
        assertThat(py.json().path("task_runs")).hasSize(js.json().path("task_runs").size());
        var ls = ScriptCli.flowRun(dir, url, "ls", "--json");
        assertThat(ls.out()).contains(py.json().path("flow_run_id").asText(), js.json().path("flow_run_id").asText());
    }

    @Test
    void aRaisingTaskEndsFailedWithTheScriptsFileAndLineTasksOverlapAndPrintsGoToTheLog() {
        ScriptModule module = host.load(scripts.resolve("behaviours.py"));
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var failed = run(orion, module.flow("failing"), Map.of());
            var overlap = run(orion, module.flow("overlap"), Map.of());
            var awaited = run(orion, module.flow("awaiting"), Map.of("x", "41"));
            orion.orchestrator().flush();

            assertThat(awaited.result()).as(String.valueOf(awaited.state())).isEqualTo(42);

            String where = scripts.resolve("behaviours.py") + ":6";
            assertThat(failed.state().type()).isEqualTo(StateType.FAILED);
            assertThat(failed.state().message()).contains("ValueError: bad x 1").contains(where);
            assertThat(overlap.result()).isEqualTo(20);
            RunStore runs = new RunStore(orion.database());
            assertThat(ScriptCli.maxOverlap(runs.taskRunsOf(overlap.flowRunId()))).isGreaterThanOrEqualTo(10);
            List<LogRow> log = new LogStore(orion.database()).forFlowRun(overlap.flowRunId());
            assertThat(log).anyMatch(l -> l.message().equals("napping"));
            assertThat(log).anyMatch(l -> l.message().equals("twenty naps") && l.level().startsWith("WARN"));
        }
    }

    @Test
    void aJavaScriptFlowRunsPythonTasksAsItsOwnTaskRuns() {
        ScriptFlow polyglot = host.load(SCRIPTS.resolve("polyglot/flow.js")).flow(null);
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var out = run(orion, polyglot, Map.of("words", "[\" Alpha\", \"beta \"]"));

            assertThat(out.isCompleted()).as(String.valueOf(out.state())).isTrue();
            assertThat(out.result()).isEqualTo(Map.of("words", List.of("ALPHA", "BETA"), "total", 13));
            List<RunRow> tasks = new RunStore(orion.database()).taskRunsOf(out.flowRunId());
            assertThat(tasks).extracting(RunRow::name)
                    .containsExactlyInAnyOrder("clean-0", "clean-1", "score-0", "score-1", "shout-0", "shout-1");
            assertThat(tasks).allSatisfy(t -> assertThat(t.state().type()).isEqualTo(StateType.COMPLETED));
            assertThat(tasks).filteredOn(t -> t.name().startsWith("score")).allSatisfy(t ->
                    assertThat(t.tags()).contains("python"));
        }
    }
}
