package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.host.cli.Main;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Prefect flow's {@code on_crashed} and {@code on_cancellation} hooks under {@code orion run}:
 * called with Prefect's keyword arguments (flow, flow_run, state) when the run crashes or is
 * cancelled ({@code orion flow-run cancel}), as Prefect's engine and runner call them. The
 * corpus cannot compare these with Prefect: its in-process runs are neither cancelled nor
 * survive a crash.
 */
class PrefectStateHooksTest {

    static final String FLOWS = """
            import time
            from prefect import flow, task

            def record(flow, flow_run, state):
                with open(flow_run.parameters["out"], "w") as f:
                    f.write("%s|%s|%s|%s" % (flow.name, flow_run.id, state.name, state.is_cancelling() or state.is_crashed()))

            def wrong(flow, flow_run, state):
                raise AssertionError("the hook of another state ran: " + state.name)

            @task
            def tick(i: int) -> int:
                time.sleep(0.05)
                return i

            @flow(on_cancellation=[record], on_completion=[wrong], on_failure=[wrong], on_crashed=[wrong])
            def ticking(out: str) -> int:
                deadline = time.monotonic() + 300
                i = 0
                while time.monotonic() < deadline:
                    i = tick(i + 1)
                return i

            @flow(on_crashed=[record], on_failure=[wrong], on_completion=[wrong])
            def interrupted(out: str):
                raise KeyboardInterrupt("stop")
            """;

    @TempDir
    Path dir;

    @Test
    void onCrashedHooksRunWhenTheFlowRunCrashes() throws Exception {
        Path file = Files.writeString(dir.resolve("hooked.py"), FLOWS);
        Path out = dir.resolve("crashed.txt");
        String url = TestDatabase.SQLITE.url(dir);

        var run = ScriptCli.run(dir, url, file + ":interrupted", "--param", "out=" + out, "--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.json().path("state").path("type").asText()).isEqualTo("CRASHED");
        assertThat(Files.readString(out)).isEqualTo("interrupted|" + run.json().path("flow_run_id").asText()
                + "|Crashed|True");
    }

    @Test
    void onCancellationHooksRunWhenTheFlowRunIsCancelled() throws Exception {
        Path file = Files.writeString(dir.resolve("hooked.py"), FLOWS);
        Path out = dir.resolve("cancelled.txt");
        String url = TestDatabase.SQLITE.url(dir);

        var running = CompletableFuture.supplyAsync(() -> ScriptCli.run(dir, url, file + ":ticking", "--param",
                "out=" + out, "--json"));
        RunRow run = Eventually.value("the flow run to be Running", Duration.ofMinutes(2),
                () -> ScriptCli.flowRuns(url).stream().filter(r -> r.state() != null
                        && r.state().is(StateType.RUNNING)).findFirst().orElse(null));
        var err = new ByteArrayOutputStream();
        int cancel = Main.run(new String[] {"flow-run", "cancel", run.id().toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err),
                Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", url));
        var ended = running.get();

        assertThat(cancel).as(err.toString()).isZero();
        assertThat(ended.json().path("state").path("type").asText()).isEqualTo("CANCELLED");
        assertThat(Files.readString(out)).isEqualTo("ticking|" + run.id() + "|Cancelling|True");
    }
}
