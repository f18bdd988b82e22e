package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import dev.orion.host.testing.Heavy;
import dev.orion.host.testing.PrefectPeer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefect 2.14's {@code flow.serve()} against {@code orion server} (issue #22): the served
 * process creates its deployment, polls {@code POST /deployments/get_scheduled_flow_runs}, and
 * executes both the runs its schedule makes and a run asked for with {@code run_deployment};
 * Prefect's client pauses the schedule.
 */
@Heavy
class PrefectServeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SERVED_FLOW = """
            from prefect import flow

            @flow(log_prints=True)
            def greet(name: str = "schedule"):
                print(f"hello {name}")
                return name

            if __name__ == "__main__":
                greet.serve(name="served", interval=15)
            """;

    static final String TRIGGER = """
            import json
            from prefect.deployments import run_deployment

            run = run_deployment("greet/served", parameters={"name": "orion"}, timeout=240, poll_interval=1)
            print("RESULT " + json.dumps({"id": str(run.id), "state": run.state.type.value}))
            """;

    static final String PAUSE = """
            import asyncio
            from prefect.client.orchestration import get_client

            async def pause():
                async with get_client() as client:
                    deployment = await client.read_deployment_by_name("greet/served")
                    await client.update_schedule(deployment.id, active=False)

            asyncio.run(pause())
            print("RESULT paused")
            """;

    @TempDir
    Path dir;

    @Test
    void aServedFlowRunsItsScheduledRunsAndAskedForRunsAndItsScheduleIsPausedByPrefectsClient() throws Exception {
        PrefectPeer peer = PrefectPeer.require();
        try (RunningServer orion = RunningServer.start(TestDatabase.SQLITE, dir.resolve("orion"))) {
            orion.server.startServices(Duration.ofSeconds(1), Duration.ofMinutes(5)); // the scheduler, as `orion server start`
            Path served = Files.writeString(dir.resolve("served.py"), SERVED_FLOW);
            Path log = dir.resolve("served.log");
            Process serving = peer.start(served, orion.url(), Map.of("PREFECT_RUNNER_POLL_FREQUENCY", "1"), log);
            try {
                JsonNode deployment = Eventually.value("the served flow's deployment exists",
                        PrefectPeer.DEADLINE, () -> {
                            assertThat(serving.isAlive()).as(() -> "served.py stopped:\n" + PrefectPeer.output(log)).isTrue();
                            HttpResponse<String> r = orion.get("/deployments/name/greet/served");
                            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
                        });
                assertThat(deployment.get("entrypoint").asText()).isEqualTo("served.py:greet");
                assertThat(deployment.get("is_schedule_active").asBoolean()).isTrue();

                PrefectPeer.Run asked = peer.python(Files.writeString(dir.resolve("trigger.py"), TRIGGER), orion.url());
                assertThat(asked.exit()).as(asked.output()).isZero();
                JsonNode result = JSON.readTree(asked.line("RESULT "));
                assertThat(result.get("state").asText()).as(() -> PrefectPeer.output(log)).isEqualTo("COMPLETED");
                // A flow's logs are shipped in the background: they may reach the server after its final state.
                Eventually.until("the asked-for run's logs reach Orion", PrefectPeer.DEADLINE, () -> orion.post("/logs/filter",
                        "{\"logs\": {\"flow_run_id\": {\"any_\": [\"" + result.get("id").asText() + "\"]}}}", 200)
                        .contains("hello orion"));

                JsonNode scheduledRun = Eventually.value("a run of the served flow's schedule completes",
                        PrefectPeer.DEADLINE, () -> {
                            assertThat(serving.isAlive()).as(() -> "served.py stopped:\n" + PrefectPeer.output(log)).isTrue();
                            JsonNode runs = JSON.readTree(orion.post("/flow_runs/filter",
                                    "{\"flow_runs\": {\"state\": {\"type\": {\"any_\": [\"COMPLETED\"]}}}}", 200));
                            return StreamSupport.stream(runs.spliterator(), false)
                                    .filter(r -> r.get("name").asText().startsWith("served-")).findFirst().orElse(null);
                        });
                assertThat(scheduledRun.get("deployment_id").asText()).isEqualTo(deployment.get("id").asText());
                Eventually.until("the scheduled run's logs reach Orion", PrefectPeer.DEADLINE, () -> orion.post("/logs/filter",
                        "{\"logs\": {\"flow_run_id\": {\"any_\": [\"" + scheduledRun.get("id").asText() + "\"]}}}", 200)
                        .contains("hello schedule"));

                // Prefect's client switches a schedule with a POST that has no body.
                PrefectPeer.Run paused = peer.python(Files.writeString(dir.resolve("pause.py"), PAUSE), orion.url());
                assertThat(paused.exit()).as(paused.output()).isZero();
                JsonNode after = JSON.readTree(orion.get("/deployments/name/greet/served").body());
                assertThat(after.get("is_schedule_active").asBoolean()).isFalse();
                assertThat(JSON.readTree(orion.post("/flow_runs/filter",
                        "{\"flow_runs\": {\"state\": {\"type\": {\"any_\": [\"SCHEDULED\"]}}}}", 200)))
                        .as("the schedule's waiting runs are deleted with it").isEmpty();
            } finally {
                serving.destroy();
                if (!serving.waitFor(PrefectPeer.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    serving.destroyForcibly();
                }
            }
        }
    }
}
