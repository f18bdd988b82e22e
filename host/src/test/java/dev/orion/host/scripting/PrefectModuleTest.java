package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code prefect} module of the Python host as a user meets it through {@code orion run}:
 * Prefect's {@code FILE:FUNCTION} entrypoints, runs recorded in Orion's store, and a part of
 * Prefect's API that Orion does not offer failing with an error that names it.
 */
class PrefectModuleTest {

    static final String FLOWS = """
            from prefect import flow, task

            @task
            def double(x: int) -> int:
                return 2 * x

            @flow(name="Doubling Pipeline")
            def doubling(n: int = 2) -> list:
                return [f.result() for f in double.map(range(n))]

            @flow
            def other_flow() -> str:
                return "other"

            @flow
            def serving():
                doubling.serve(name="nightly")

            if __name__ == "__main__":
                doubling()
            """;

    @TempDir
    Path dir;

    @Test
    void prefectsFileColonFunctionEntrypointSelectsTheFlowAndItsTaskRunsAreRecorded() throws Exception {
        Path file = Files.writeString(dir.resolve("flows.py"), FLOWS);
        String url = TestDatabase.SQLITE.url(dir);

        var byFunction = ScriptCli.run(dir, url, file + ":doubling", "--param", "n=3", "--json");
        var byName = ScriptCli.run(dir, url, file + ":other-flow", "--json");
        var missing = ScriptCli.run(dir, url, dir.resolve("nope.py") + ":doubling");

        assertThat(byFunction.exit()).as(byFunction.err()).isZero();
        assertThat(byFunction.json().path("flow").asText()).isEqualTo("Doubling Pipeline");
        assertThat(byFunction.json().path("result").toString()).isEqualTo("[0,2,4]");
        assertThat(ScriptCli.flowRuns(url)).extracting(RunRow::name).hasSize(2);
        assertThat(byFunction.json().path("task_runs")).hasSize(3);
        assertThat(byName.json().path("result").asText()).isEqualTo("other");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void runNameTemplatesNameTheRecordedFlowRunAndTaskRun() {
        String url = TestDatabase.SQLITE.url(dir);

        var run = ScriptCli.run(dir, url, PrefectCorpusTest.CORPUS.resolve("run_names.py") + ":named_flow",
                "--param", "region=eu", "--json");
        var listed = ScriptCli.flowRun(dir, url, "ls");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(ScriptCli.flowRuns(url)).extracting(RunRow::name).containsExactly("etl-eu");
        assertThat(run.json().path("task_runs").findValuesAsText("name")).containsExactly("load-users");
        assertThat(listed.out()).contains("etl-eu");
    }

    @Test
    void logPrintsSendsWhatTheFlowAndItsTasksPrintToTheRunsLog() throws Exception {
        Path file = Files.writeString(dir.resolve("printing.py"), """
                from prefect import flow, task

                @task(log_prints=True)
                def loud(word: str) -> str:
                    print("task printed", word)
                    return word

                @task
                def inheriting() -> int:
                    print("inherited from the flow")
                    return 1

                @task(log_prints=False)
                def quiet() -> int:
                    print("a task with log_prints=False")
                    return 1

                @flow(log_prints=True)
                def printing() -> str:
                    print("flow printed")
                    inheriting()
                    quiet()
                    return loud("hello")

                @flow
                def not_printing() -> str:
                    print("a flow without log_prints")
                    return loud("from a quiet flow")
                """);
        String url = TestDatabase.SQLITE.url(dir);

        var run = ScriptCli.run(dir, url, file + ":printing", "--json");
        var logs = ScriptCli.flowRun(dir, url, "logs", run.json().path("flow_run_id").asText());
        var other = ScriptCli.run(dir, url, file + ":not_printing", "--json");
        var otherLogs = ScriptCli.flowRun(dir, url, "logs", other.json().path("flow_run_id").asText());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(logs.out()).contains("flow printed", "inherited from the flow", "task printed hello")
                .doesNotContain("a task with log_prints=False");
        assertThat(otherLogs.out()).contains("task printed from a quiet flow")
                .doesNotContain("a flow without log_prints");
    }

    @Test
    void aPausedFlowRunNobodyResumesBeforeItsTimeoutFails() {
        String url = TestDatabase.SQLITE.url(dir);

        var run = ScriptCli.run(dir, url, PrefectCorpusTest.CORPUS.resolve("pause_timeout.py") + ":waiting_flow",
                "--json");
        var inspected = ScriptCli.flowRun(dir, url, "inspect", run.json().path("flow_run_id").asText(), "--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.json().path("state").path("type").asText()).isEqualTo("FAILED");
        assertThat(run.json().path("state").path("message").asText()).contains("never resumed");
        assertThat(inspected.json().path("states").findValuesAsText("name"))
                .containsSubsequence("Running", "Paused", "Failed");
    }

    @Test
    void anAsyncFlowsGatheredAsyncTasksRunAtTheSameTime() throws Exception {
        // Each task run waits until all three have started: only runs that overlap complete with true.
        Path file = Files.writeString(dir.resolve("together.py"), """
                import asyncio, time
                from prefect import flow, task

                started = {"n": 0}

                @task
                async def meet(i: int) -> bool:
                    started["n"] += 1
                    deadline = time.monotonic() + 120
                    while started["n"] < 3 and time.monotonic() < deadline:
                        await asyncio.sleep(0.01)
                    return started["n"] >= 3

                @flow
                async def together() -> list:
                    return list(await asyncio.gather(*[meet(i) for i in range(3)]))
                """);

        var run = ScriptCli.run(dir, TestDatabase.SQLITE.url(dir), file + ":together", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().path("result").toString()).isEqualTo("[true,true,true]");
        assertThat(run.json().path("task_runs")).hasSize(3);
    }

    @Test
    void partsOfPrefectOrionDoesNotOfferFailWithAnErrorNamingThem() throws Exception {
        Path blocks = Files.writeString(dir.resolve("blocks.py"), """
                from prefect import flow
                from prefect.blocks.system import JSON

                @flow
                def uses_a_block():
                    return JSON.load("settings").value
                """);
        Path deployment = Files.writeString(dir.resolve("deployment.py"), """
                from prefect import Deployment, flow

                @flow
                def deployed():
                    return 1
                """);
        Path serve = Files.writeString(dir.resolve("flows.py"), FLOWS);
        String url = TestDatabase.SQLITE.url(dir);

        var importing = ScriptCli.run(dir, url, blocks.toString());
        var naming = ScriptCli.run(dir, url, deployment.toString());
        var calling = ScriptCli.run(dir, url, serve + ":serving", "--json");

        assertThat(importing.exit()).isEqualTo(2);
        assertThat(importing.err()).contains("does not offer prefect.blocks.system.JSON");
        assertThat(naming.exit()).isEqualTo(2);
        assertThat(naming.err()).contains("does not offer prefect.Deployment");
        assertThat(calling.exit()).isEqualTo(1);
        assertThat(calling.json().path("state").path("message").asText()).contains("does not offer Flow.serve");
    }
}
