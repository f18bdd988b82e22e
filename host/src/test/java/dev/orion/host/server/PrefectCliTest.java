package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import dev.orion.host.testing.Heavy;
import dev.orion.host.testing.PrefectCliSession;
import dev.orion.host.testing.PrefectPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefect 2.14's CLI, agent and worker against {@code orion server} (issue #18 items 2 and 3):
 * each command a user moving from Prefect runs, with what it prints; a deployment applied by
 * Prefect's client reads back as sent; Prefect's agent (a queue) and worker (a process pool)
 * each complete a run of such a deployment. The one-off commands run in one Python process
 * ({@link PrefectCliSession}), through Prefect's real CLI code.
 */
@Heavy
class PrefectCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("UUID: ([0-9a-f-]{36})");

    /** A flow and the script that applies its deployment: {@code deploy.py NAME QUEUE [POOL]}. */
    static final String FLOW = """
            import sys
            from prefect import flow
            from prefect.deployments import Deployment

            @flow(log_prints=True)
            def hello(name: str = "world"):
                print(f"hello {name}")
                return name

            if __name__ == "__main__":
                deployment = Deployment.build_from_flow(hello, name=sys.argv[1], version="1.2.3",
                        work_queue_name=sys.argv[2], work_pool_name=sys.argv[3] if len(sys.argv) > 3 else None,
                        parameters={"name": "orion"}, apply=False)
                print("DEPLOYMENT " + str(deployment.apply()))
            """;

    @TempDir
    Path dir;

    @Test
    void prefectsCliListsInspectsCreatesRunsAndCancelsOnOrionServer() throws Exception {
        PrefectPeer peer = PrefectPeer.require();
        Path flows = Files.createDirectories(dir.resolve("flows"));
        Path script = Files.writeString(flows.resolve("hello.py"), FLOW);
        try (RunningServer orion = RunningServer.start(TestDatabase.SQLITE, dir.resolve("orion"));
             PrefectCliSession prefect = peer.cliSession(flows, orion.url())) {
            String api = orion.url();

            PrefectPeer.Run applied = deploy(peer, script, api, "dep", "cli-q");
            JsonNode deployment = JSON.readTree(orion.get("/deployments/" + applied.line("DEPLOYMENT ")).body());
            assertThat(deployment.get("version").asText()).isEqualTo("1.2.3");
            assertThat(deployment.get("path").asText()).isEqualTo(flows.toString());
            assertThat(deployment.get("entrypoint").asText()).isEqualTo("hello.py:hello");
            assertThat(deployment.get("work_queue_name").asText()).isEqualTo("cli-q");
            assertThat(deployment.at("/parameter_openapi_schema/properties/name/default").asText()).isEqualTo("world");
            assertThat(deployment.get("infra_overrides").isObject()).isTrue();
            assertThat(deployment.get("infrastructure_document_id").isTextual()).isTrue();

            assertThat(cli(prefect, "deployment", "ls")).contains("hello/dep");
            assertThat(cli(prefect, "deployment", "inspect", "hello/dep")).contains("'version': '1.2.3'");
            String runId = runOf(cli(prefect, "deployment", "run", "hello/dep"));
            assertThat(cli(prefect, "flow-run", "ls")).contains(runId).contains("SCHEDULED");
            assertThat(cli(prefect, "flow-run", "inspect", runId)).contains("id='" + runId + "'")
                    .contains("work_queue_name='cli-q'");
            assertThat(cli(prefect, "flow-run", "cancel", runId)).contains("scheduled for cancellation");
            assertThat(JSON.readTree(orion.get("/flow_runs/" + runId).body()).get("state_type").asText())
                    .isEqualTo("CANCELLED");

            assertThat(cli(prefect, "concurrency-limit", "create", "db", "3")).contains("db");
            assertThat(cli(prefect, "concurrency-limit", "ls")).contains("db");
            assertThat(cli(prefect, "concurrency-limit", "inspect", "db")).contains("3");
            assertThat(cli(prefect, "concurrency-limit", "delete", "db")).contains("Deleted");
            assertThat(orion.get("/concurrency_limits/tag/db").statusCode()).isEqualTo(404);

            assertThat(cli(prefect, "work-pool", "create", "cli-pool", "--type", "process"))
                    .contains("Created work pool 'cli-pool'");
            assertThat(cli(prefect, "work-pool", "ls")).contains("cli-pool").contains("default-agent-pool");
            assertThat(cli(prefect, "work-pool", "inspect", "cli-pool")).contains("type='process'");
            // A queue made with Orion's API is a queue of Prefect's default pool.
            orion.post("/work_queues/", "{\"name\": \"orion-q\"}", 201);
            assertThat(cli(prefect, "work-queue", "ls")).contains("orion-q").contains("cli-pool");
            assertThat(cli(prefect, "work-queue", "inspect", "orion-q"))
                    .contains("work_pool_name='default-agent-pool'");
            assertThat(cli(prefect, "work-queue", "inspect", "default", "--pool", "cli-pool"))
                    .contains("work_pool_name='cli-pool'");

            assertThat(cli(prefect, "block", "ls")).contains("Block Types");
        }
    }

    @Test
    void prefectsAgentAndWorkerCompleteRunsOfDeploymentsAppliedByPrefectsClient() throws Exception {
        PrefectPeer peer = PrefectPeer.require();
        Path flows = Files.createDirectories(dir.resolve("flows"));
        Path script = Files.writeString(flows.resolve("hello.py"), FLOW);
        try (RunningServer orion = RunningServer.start(TestDatabase.SQLITE, dir.resolve("orion"));
             PrefectCliSession prefect = peer.cliSession(flows, orion.url())) {
            String api = orion.url();

            deploy(peer, script, api, "queued", "agent-q");
            String agentRun = runOf(cli(prefect, "deployment", "run", "hello/queued"));
            completes(peer, orion, flows, agentRun, Map.of("PREFECT_AGENT_QUERY_INTERVAL", "1"),
                    "agent", "start", "-q", "agent-q");

            cli(prefect, "work-pool", "create", "proc", "--type", "process");
            JsonNode pooled = JSON.readTree(orion.get("/deployments/"
                    + deploy(peer, script, api, "pooled", "default", "proc").line("DEPLOYMENT ")).body());
            assertThat(pooled.get("work_pool_name").asText()).isEqualTo("proc");
            assertThat(pooled.get("work_queue_name").asText()).isEqualTo("default");
            String workerRun = runOf(cli(prefect, "deployment", "run", "hello/pooled"));
            completes(peer, orion, flows, workerRun, Map.of("PREFECT_WORKER_QUERY_SECONDS", "1"),
                    "worker", "start", "--pool", "proc");
        }
    }

    /** Starts a Prefect agent or worker and waits until it has completed the run, then stops it. */
    private void completes(PrefectPeer peer, RunningServer orion, Path flows, String runId, Map<String, String> settings,
                           String... command) throws Exception {
        Path log = flows.resolve(command[0] + ".log");
        Process p = peer.startCli(flows, orion.url(), settings, log, command);
        try {
            Eventually.until(command[0] + " completes flow run " + runId, PrefectPeer.DEADLINE, () -> {
                assertThat(p.isAlive()).as(() -> command[0] + " stopped:\n" + PrefectPeer.output(log)).isTrue();
                JsonNode run = JSON.readTree(orion.get("/flow_runs/" + runId).body());
                assertThat(run.get("state_type").asText()).as(() -> PrefectPeer.output(log)).isIn("SCHEDULED", "PENDING", "RUNNING",
                        "COMPLETED");
                return run.get("state_type").asText().equals("COMPLETED");
            });
            Eventually.until("the flow's logs reach Orion", PrefectPeer.DEADLINE, () -> orion.post("/logs/filter",
                    "{\"logs\": {\"flow_run_id\": {\"any_\": [\"" + runId + "\"]}}}", 200).contains("hello orion"));
        } finally {
            // Prefect's agent answers SIGTERM by sending itself SIGINT and may keep running: it gets a while, then is killed.
            var children = p.descendants().toList();
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static PrefectPeer.Run deploy(PrefectPeer peer, Path script, String api, String... args) throws Exception {
        Path wrapper = Files.writeString(script.resolveSibling("deploy-" + args[0] + ".py"),
                "import sys, runpy\nsys.argv = " + pythonList(script.toString(), args)
                        + "\nrunpy.run_path(sys.argv[0], run_name='__main__')\n");
        PrefectPeer.Run run = peer.python(wrapper, api, Map.of());
        assertThat(run.exit()).as(run.output()).isZero();
        return run;
    }

    private static String pythonList(String first, String... rest) {
        StringBuilder b = new StringBuilder("['" + first + "'");
        for (String r : rest) {
            b.append(", '").append(r).append("'");
        }
        return b.append("]").toString();
    }

    private static String cli(PrefectCliSession prefect, String... args) throws Exception {
        PrefectPeer.Run run = prefect.run(args);
        assertThat(run.exit()).as("prefect " + String.join(" ", args) + ":\n" + run.output()).isZero();
        return run.output();
    }

    private static String runOf(String printed) {
        Matcher m = RUN_ID.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return m.group(1);
    }
}
