package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.Results;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.OrionServer;
import dev.orion.host.server.ServerContext;
import dev.orion.host.services.Worker;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import dev.orion.host.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 6's acceptance, end to end: a real server (API and services) on a free port, driven
 * through the CLI and HTTP as a user would.
 */
class ServerAcceptanceTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path ETL_JS = ROOT.resolve("scripts/etl.js");
    static final String KEY = "test-key";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deployedScheduledRunsAreExecutedOnceByTwoWorkersAndRemoteRunsAreReadableFromTheApi(TestDatabase database)
            throws Exception {
        Map<String, String> serverEnv = Map.of("ORION_HOME", dir.resolve("server").toString(), "ORION_API_KEY", KEY);
        try (Database db = database.open(dir)) {
            OrionServer server = new OrionServer(ServerContext.create(OrionSettings.fromMap(serverEnv), db,
                    PluginRegistry.none())).start("127.0.0.1", 0).startServices(Duration.ofMillis(300), Duration.ofMinutes(5));
            String url = "http://127.0.0.1:" + server.port() + "/api";
            Map<String, String> env = new HashMap<>(Map.of("ORION_HOME", dir.resolve("client").toString(),
                    "ORION_API_URL", url, "ORION_API_KEY", KEY, "ORION_FLOWS_DIR", ROOT.toString()));
            ApiTransport api = new ApiTransport(url, Optional.of(KEY), Duration.ofSeconds(5));
            try {
                // Deploy the JavaScript ETL with an interval schedule; two workers share its queue.
                CliResult created = orion(env, "deployment", "create", ETL_JS.toString(), "--name", "every-2s",
                        "--interval", "2s", "--queue", "etl", "--param", "n=2", "--json");
                assertThat(created.exitCode()).as(created.err()).isZero();
                assertThat(orion(env, "work-queue", "ls").out()).contains("etl");

                ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
                try (FlowSources sources = new FlowSources(ROOT);
                     HttpOrchestrator o1 = HttpOrchestrator.connect(url, Optional.of(KEY));
                     HttpOrchestrator o2 = HttpOrchestrator.connect(url, Optional.of(KEY));
                     Worker w1 = worker(o1, sources, started); Worker w2 = worker(o2, sources, started)) {
                    Eventually.until("three scheduled runs Completed", () -> completed(api).size() >= 3);
                    assertThat(orion(env, "deployment", "pause", "every-2s").exitCode()).isZero();
                }
                List<String> done = completed(api);
                assertThat(started).doesNotHaveDuplicates().containsAll(done.stream().map(UUID::fromString).toList());
                try (HttpOrchestrator read = HttpOrchestrator.connect(url, Optional.of(KEY))) {
                    for (String id : done) {
                        RunRow run = read.readRun(UUID.fromString(id), RunKind.FLOW).orElseThrow();
                        assertThat(run.runCount()).isEqualTo(1);
                        assertThat(read.readStates(run.id(), RunKind.FLOW)).extracting(s -> s.state().name())
                                .containsExactly("Scheduled", "Pending", "Running", "Completed");
                        assertThat(run.state().resultRef()).isNotNull();
                    }
                }
                CliResult inspect = orion(env, "deployment", "inspect", "every-2s");
                assertThat(inspect.out()).contains("every 2s (paused)").contains("\"n\":2");

                // A Scheduled run is cancelled at once from the CLI.
                JsonNode waiting = api.post("/flow_runs/filter", Map.of("flow_runs", Map.of("state",
                        Map.of("type", Map.of("any_", List.of("SCHEDULED"))))));
                if (!waiting.isEmpty()) {
                    String id = waiting.get(0).get("id").asText();
                    CliResult cancel = orion(env, "flow-run", "cancel", id);
                    assertThat(cancel.out()).as(cancel.err()).contains("Cancelled");
                }

                // orion run against the server: run, task runs, states, decisions and logs over the API.
                CliResult run = orion(env, "run", ETL_JS.toString(), "--param", "n=4", "--json");
                assertThat(run.exitCode()).as(run.err()).isZero();
                String id = Json.MAPPER.readTree(run.out()).get("flow_run_id").asText();
                assertThat(api.get("/flow_runs/" + id).get("state_type").asText()).isEqualTo("COMPLETED");
                assertThat(api.get("/flow_run_states/?flow_run_id=" + id).findValuesAsText("name"))
                        .containsExactly("Pending", "Running", "Completed");
                assertThat(api.get("/flow_runs/" + id + "/decisions").size()).isEqualTo(3);
                JsonNode tasks = api.post("/task_runs/filter", Map.of("flow_runs", Map.of("id", Map.of("any_", List.of(id)))));
                assertThat(tasks.size()).isGreaterThanOrEqualTo(6);
                assertThat(tasks.findValuesAsText("state_type")).allMatch(t -> t.equals("COMPLETED"));
                String task = tasks.get(0).get("id").asText();
                assertThat(api.get("/task_runs/" + task + "/decisions").size()).isGreaterThanOrEqualTo(2);
                JsonNode logs = api.post("/logs/filter", Map.of("logs", Map.of("flow_run_id", Map.of("any_", List.of(id)))));
                assertThat(logs.findValuesAsText("message")).anyMatch(m -> m.contains("audited 4 squares"));

                // Wrong key: 401; malformed and invalid bodies: 400 and 422 with a reason.
                assertThat(raw(url, "GET", "/flows/filter", null, "wrong").statusCode()).isEqualTo(401);
                HttpResponse<String> malformed = raw(url, "POST", "/flow_runs/", "{not json", KEY);
                assertThat(malformed.statusCode()).isEqualTo(400);
                assertThat(malformed.body()).contains("malformed JSON");
                HttpResponse<String> invalid = raw(url, "POST", "/flow_runs/" + id + "/set_state",
                        "{\"state\": {\"type\": \"DONE\"}}", KEY);
                assertThat(invalid.statusCode()).isEqualTo(422);
                assertThat(invalid.body()).contains("state.type");
            } finally {
                server.close();
            }
        }
    }

    private Worker worker(HttpOrchestrator o, FlowSources sources, ConcurrentLinkedQueue<UUID> started) {
        FlowEngine engine = new FlowEngine(o, new Results(dir.resolve("worker-storage"), Json.MAPPER), Json.MAPPER,
                null);
        return Worker.start(o, engine, sources, new Worker.Options("etl", 2, Duration.ofMillis(200), Duration.ofSeconds(1),
                null), new Worker.Listener() {
                    @Override
                    public void started(UUID flowRunId, String flowName) {
                        started.add(flowRunId);
                    }
                });
    }

    private static List<String> completed(ApiTransport api) {
        return api.post("/flow_runs/filter", Map.of("flow_runs", Map.of("state",
                Map.of("type", Map.of("any_", List.of("COMPLETED")))), "deployments", Map.of("name",
                Map.of("any_", List.of("every-2s"))))).valueStream().map(r -> r.get("id").asText()).toList();
    }

    private static HttpResponse<String> raw(String url, String method, String path, String body, String key)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
