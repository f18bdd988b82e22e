package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every part of Prefect's API that a flow file can reach and that Orion's {@code prefect} module
 * does not offer (each place in the module that raises its "does not offer" error) fails
 * {@code orion run file.py} with an error naming it, never silently: at load for a definition
 * or an import, in the run's Failed state for a call made while the flow runs.
 */
class PrefectNotOfferedTest {

    /** A flow file: module-level code, then a flow whose body is the call. */
    private static final String FILE = """
            import prefect
            from prefect import flow, task

            @task
            def noop() -> int:
                return 1

            %s

            @flow
            def case():
                %s
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> partsNotOffered() {
        return Stream.of(
                // imports and names
                part("prefect.blocks.system.JSON", "from prefect.blocks.system import JSON", "pass"),
                part("prefect.blocks.core", "from prefect.blocks.core import Block", "pass"),
                part("Secret.save", "from prefect.blocks.system import Secret", "Secret(value='x').save('pw')"),
                part("prefect.deployments", "import prefect.deployments", "pass"),
                part("prefect.Deployment", "from prefect import Deployment", "pass"),
                part("prefect.filesystems.RemoteFileSystem", "from prefect.filesystems import RemoteFileSystem",
                        "pass"),
                // definitions
                part("task_runner=DaskTaskRunner", "class DaskTaskRunner: pass\n"
                        + "@flow(task_runner=DaskTaskRunner())\ndef dask(): pass", "pass"),
                part("result_serializer='pickle'", "@task(result_serializer='pickle')\ndef pickled(): pass", "pass"),
                part("result_storage='s3/bucket'", "@task(result_storage='s3/bucket')\ndef stored(): pass", "pass"),
                part("result_storage_key", "@task(result_storage_key='out.json')\ndef keyed(): pass", "pass"),
                // calls made while the flow runs
                part("prefect.serve", "", "prefect.serve(case)"),
                part("prefect.deploy", "", "prefect.deploy()"),
                part("prefect.get_client", "", "prefect.get_client()"),
                part("Flow.serve", "", "case.serve(name='nightly')"),
                part("Flow.deploy", "", "case.deploy(name='nightly')"),
                part("Flow.to_deployment", "", "case.to_deployment(name='nightly')"),
                part("Flow.from_source", "", "prefect.Flow.from_source('https://example.com/repo', 'f.py:case')"),
                part("Flow.visualize", "", "case.visualize()"),
                part("wait_for= on a subflow call", "@flow\ndef child(): return 1",
                        "child(wait_for=[noop.submit()])"),
                part("prefect.engine.resume_flow_run", "from prefect.engine import resume_flow_run",
                        "resume_flow_run('0')"),
                part("pause_flow_run(wait_for_input=...)", "from prefect import pause_flow_run",
                        "pause_flow_run(wait_for_input=int)"),
                part("pause_flow_run(reschedule=..., flow_run_id=...)", "from prefect import pause_flow_run",
                        "pause_flow_run(reschedule=True)"),
                part("suspend_flow_run", "from prefect import suspend_flow_run", "suspend_flow_run()"),
                part("prefect.runtime.flow_run.scheduled_start_time", "",
                        "return str(prefect.runtime.flow_run.scheduled_start_time)"),
                part("ending a run in a returned Pending state", "from prefect.states import Pending",
                        "return Pending()"));
    }

    private static Arguments part(String name, String moduleCode, String flowCode) {
        return Arguments.of(name, moduleCode, flowCode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partsNotOffered")
    void aPartOfPrefectOrionDoesNotOfferFailsTheRunWithAnErrorNamingIt(String name, String moduleCode,
            String flowCode) throws Exception {
        Path file = Files.writeString(dir.resolve("flows.py"), FILE.formatted(moduleCode, flowCode));

        var run = ScriptCli.run(dir, TestDatabase.SQLITE.url(dir), file + ":case", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isIn(1, 2);
        String said = run.exit() == 2 ? run.err() : run.json().path("state").path("message").asText();
        assertThat(said).contains("does not offer " + name);
    }
}
