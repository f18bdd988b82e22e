package dev.orion.host.scripting;

import static dev.orion.host.scripting.ScriptCli.SCRIPTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.InvalidParameterException;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** JavaScript flows end to end: the CLI on the examples, and each behaviour through the Orion facade. */
class JavaScriptFlowsTest {

    static final String BEHAVIOURS = """
            const Test = Java.type("dev.orion.host.scripting.Calls");
            const nap = task("nap", (i) => { sleep(200); return i; });
            flow("overlap", () => nap.map([...Array(20).keys()]).map((f) => f.result()).length);

            const boom = task("boom", (x) => {
              throw new Error("boom " + x);
            });
            flow("failing", () => boom(1));

            const flaky = task({ name: "flaky", retries: 2 }, () => {
              if (Test.COUNT.incrementAndGet() < 3) throw new Error("not yet");
              return "ok";
            });
            flow("retry", () => flaky());

            const double = task("double", (x) => 2 * x);
            const later = task("later", async (x) => (await double.submit(x)) + 1);
            flow("async", (x = 4) => later(x));

            flow("logs", () => { console.log("from console"); log.warn("careful"); return 1; });

            flow("typed", (n = 1, ratio = 0.5, name = "x", flag = false, items = [1], opts = { a: 1 }) =>
              ({ n: n + 1, ratio, name, flag, items, opts }));

            const sq = task({ name: "sq", cacheKey: (x) => "sq-" + x, cacheExpirationSeconds: 60 },
              (x) => { Test.COUNT.incrementAndGet(); return x * x; });
            flow("cached", (x = 3) => sq(x));
            """;

    @TempDir
    static Path scripts;

    static ScriptHost host;
    static ScriptModule module;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadScript() throws Exception {
        Files.writeString(scripts.resolve("behaviours.js"), BEHAVIOURS);
        host = ScriptHost.create();
        module = host.load(scripts.resolve("behaviours.js"));
    }

    @AfterAll
    static void closeHost() {
        host.close();
    }

    @BeforeEach
    void resetCalls() {
        Calls.COUNT.set(0);
    }

    FlowRunOutcome run(Orion orion, String flow, Map<String, ?> params) {
        ScriptFlow f = module.flow(flow);
        return orion.run(f.flow(), f.complete(params));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void runsTheEtlExampleFromTheCliWithItsTaskRunsAndSubflow(TestDatabase db) {
        String url = db.url(dir);
        var r = ScriptCli.run(dir, url, SCRIPTS.resolve("etl.js").toString(), "--param", "n=5", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.path("result").asInt()).isEqualTo(30);
        assertThat(json.path("state").path("type").asText()).isEqualTo("COMPLETED");
        assertThat(json.path("task_runs").findValuesAsText("name"))
                .contains("extract-0", "square-0", "square-4", "total-0", "audit-0", "report-0");
        UUID id = UUID.fromString(json.path("flow_run_id").asText());
        assertThat(ScriptCli.flowRuns(url)).extracting(RunRow::flowName).contains("etl", "report");
        var ls = ScriptCli.flowRun(dir, url, "ls");
        assertThat(ls.out()).contains(id.toString().substring(0, 8)).contains("etl");
    }

    @Test
    void aSyntaxErrorExitsTwoWithFileLineAndColumnAndCreatesNoRun() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.js"), "const a = 1;\nconst b = ;\n");
        String url = TestDatabase.SQLITE.url(dir);

        var r = ScriptCli.run(dir, url, bad.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(bad + ":2:11: ").doesNotContain("at org.graalvm");
        assertThat(ScriptCli.flowRuns(url)).isEmpty();
    }

    @Test
    void aMissingOrWrongParameterIsAnErrorBeforeAnyRun() throws Exception {
        Path needs = Files.writeString(dir.resolve("needs.js"), "export default flow('needs', (n) => n);\n");
        String url = TestDatabase.SQLITE.url(dir);

        var missing = ScriptCli.run(dir, url, needs.toString());
        var wrong = ScriptCli.run(dir, url, SCRIPTS.resolve("etl.js").toString(), "--param", "n=lots");

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("needs parameter 'n'");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("parameter 'n'").contains("lots");
        assertThat(ScriptCli.flowRuns(url)).isEmpty();
    }

    @Test
    void convertsParametersToTheTypesOfTheirDefaults() {
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var out = run(orion, "typed", Map.of("n", "41", "ratio", "2.5", "flag", "true", "items", "[1,2]",
                    "opts", "{\"b\": 2}"));

            assertThat(out.isCompleted()).as(String.valueOf(out.state())).isTrue();
            assertThat(out.result()).isEqualTo(Map.of("n", 42, "ratio", 2.5, "name", "x", "flag", true,
                    "items", List.of(1, 2), "opts", Map.of("b", 2)));
            assertThatThrownBy(() -> run(orion, "typed", Map.of("ratio", "half")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("ratio");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aThrowingTaskEndsFailedWithTheScriptsFileAndLine(TestDatabase db) {
        String url = db.url(dir);
        try (Orion orion = ScriptCli.orion(dir, url)) {
            var out = run(orion, "failing", Map.of());

            assertThat(out.state().type()).isEqualTo(StateType.FAILED);
            String where = scripts.resolve("behaviours.js") + ":6";
            assertThat(out.state().message()).contains("Error: boom 1").contains(where);
            RunRow task = new RunStore(orion.database()).taskRunsOf(out.flowRunId()).getFirst();
            assertThat(task.state().type()).isEqualTo(StateType.FAILED);
            assertThat(task.state().message()).contains("Error: boom 1").contains(where).doesNotContain("dev.orion");
            orion.orchestrator().flush();
            List<String> log = new LogStore(orion.database()).forFlowRun(out.flowRunId()).stream()
                    .map(LogRow::message).toList();
            assertThat(log).anyMatch(l -> l.contains("Error: boom 1") && l.contains(where));
        }
    }

    @Test
    void twentySleepingTasksOverlap() {
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var out = run(orion, "overlap", Map.of());

            assertThat(out.result()).isEqualTo(20);
            List<RunRow> naps = new RunStore(orion.database()).taskRunsOf(out.flowRunId());
            assertThat(naps).hasSize(20);
            assertThat(ScriptCli.maxOverlap(naps)).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void retriesAFailingTaskUntilItSucceeds() {
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var out = run(orion, "retry", Map.of());

            assertThat(out.result()).isEqualTo("ok");
            assertThat(Calls.COUNT).hasValue(3);
            RunRow flaky = new RunStore(orion.database()).taskRunsOf(out.flowRunId()).getFirst();
            assertThat(new RunStore(orion.database()).states(flaky.id())).extracting(s -> s.state().name())
                    .contains("AwaitingRetry", "Retrying", "Completed");
        }
    }

    @Test
    void anAsyncTaskIsAwaitedAndMayAwaitFutures() {
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var out = run(orion, "async", Map.of("x", 20));

            assertThat(out.result()).as(String.valueOf(out.state())).isEqualTo(41);
            assertThat(new RunStore(orion.database()).taskRunsOf(out.flowRunId())).extracting(RunRow::name)
                    .containsExactlyInAnyOrder("later-0", "double-0");
        }
    }

    @Test
    void consoleAndLogLinesGoToTheRunLog() {
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var out = run(orion, "logs", Map.of());
            orion.orchestrator().flush();

            List<LogRow> log = new LogStore(orion.database()).forFlowRun(out.flowRunId());
            assertThat(log).anyMatch(l -> l.message().equals("from console") && l.level().equals("INFO"));
            assertThat(log).anyMatch(l -> l.message().equals("careful") && l.level().startsWith("WARN"));
        }
    }

    @Test
    void aCacheKeyFunctionMakesASecondRunCached() {
        try (Orion orion = ScriptCli.orion(dir, TestDatabase.SQLITE.url(dir))) {
            var first = run(orion, "cached", Map.of());
            var second = run(orion, "cached", Map.of());

            assertThat(first.result()).isEqualTo(9);
            assertThat(second.result()).isEqualTo(9);
            assertThat(Calls.COUNT).hasValue(1);
            RunRow cached = new RunStore(orion.database()).taskRunsOf(second.flowRunId()).getFirst();
            assertThat(cached.state().name()).isEqualTo("Cached");
        }
    }

    @Test
    void runsAGroovyFlowThroughItsJsr223Engine() {
        String url = TestDatabase.SQLITE.url(dir);
        var r = ScriptCli.run(dir, url, SCRIPTS.resolve("etl.groovy").toString(), "--param", "n=5", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().path("result").asInt()).isEqualTo(30);
        assertThat(r.json().path("task_runs")).hasSize(6);
    }

    @Test
    void runsTheHelloExample() {
        String url = TestDatabase.SQLITE.url(dir);
        var r = ScriptCli.run(dir, url, SCRIPTS.resolve("hello.js").toString(), "--param", "name=Orion", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().path("result").asText()).isEqualTo("Hello, Orion!");
    }
}
