package dev.orion.host.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.OrionSettings;
import dev.orion.host.cli.Main;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.Results;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.OrionServer;
import dev.orion.host.server.ServerContext;
import dev.orion.host.services.FlowResolver;
import dev.orion.host.services.Worker;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.testing.Eventually;
import dev.orion.host.testing.Heavy;
import dev.orion.host.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped for 15 s ({@code pg_ctl -m fast stop}, as for maintenance) in the middle of
 * a remote CLI run, a worker-executed deployment run and an embedded run, on a cluster of the
 * test's own: every run completes, each task body runs exactly once, every state is stored.
 * Most of its time is the outages themselves, so it may run beside a busy heavy class.
 */
@Heavy(mostlyWaits = true)
class DatabaseOutageTest {

    /** How long the database stays away: as long as a managed PostgreSQL's minor upgrade, give or take. */
    static final Duration OUTAGE = Duration.ofSeconds(15);
    static final int STEPS = 40;

    static final String FLOW = """
            import dev.orion.api.*;
            import java.nio.file.*;

            public class Steps {
                static final Task<Integer> step = Task.of("step", (String file, Integer i) -> {
                    Files.writeString(Path.of(file), i + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Thread.sleep(100);
                    return i;
                });
                public static final Flow<Integer> steps = Flow.of("steps", (String file, Integer n) -> {
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += step.call(file, i);
                    }
                    return sum;
                });
            }
            """;

    static OwnPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = OwnPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRemoteCliRunCompletesThroughADatabaseOutageRunningEachTaskOnce() throws Exception {
        String url = postgres.freshUrl();
        Path appended = dir.resolve("steps.txt");
        try (Server server = Server.start(url, dir)) {
            Map<String, String> env = new HashMap<>(Map.of("ORION_HOME", dir.resolve("client").toString(),
                    "ORION_API_URL", server.url()));
            CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> cli(env, "run", flowFile().toString(),
                    "--param", "file=" + appended, "--param", "n=" + STEPS));
            outageAfterSteps(appended, () -> {
                HttpResponse<String> ready = get(server.url() + "/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.headers().firstValue("Retry-After")).isPresent();
                HttpResponse<String> runs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/flow_runs/filter")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(runs.statusCode()).as(runs.body()).isEqualTo(503);
                assertThat(runs.body()).contains("the database is unreachable");
                assertThat(runs.headers().firstValue("Retry-After")).isPresent();
            });
            Cli done = run.get(5, TimeUnit.MINUTES);
            assertThat(done.exit()).as(done.toString()).isZero();
            assertThat(done.err()).as(done.toString()).doesNotContain(" 500");
            assertThat(get(server.url() + "/ready").statusCode()).isEqualTo(200);
            assertEachStepRanOnceAndEveryStateIsStored(url, appended);
        }
    }

    static final Task<Integer> step = Task.of("step", (String file, Integer i) -> {
        Files.writeString(Path.of(file), i + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread.sleep(100);
        return i;
    });
    static final Flow<Integer> steps = Flow.of("steps", (String file, Integer n) -> {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += step.call(file, i);
        }
        return sum;
    });

    @Test
    void aWorkerExecutedDeploymentRunCompletesThroughADatabaseOutageRunningEachTaskOnce() throws Exception {
        String url = postgres.freshUrl();
        Path appended = dir.resolve("steps.txt");
        try (Server server = Server.start(url, dir);
             HttpOrchestrator orch = new HttpOrchestrator(new ApiTransport(server.url(), Optional.empty()))) {
            server.server.startServices(Duration.ofSeconds(1), Duration.ofSeconds(30));
            String flowId = orch.api().post("/flows/", Map.of("name", "steps")).get("id").asText();
            String deployment = orch.api().post("/deployments/", Map.of("name", "steps-dep", "flow_id", flowId,
                    "work_queue_name", "q", "entrypoint", "test:steps",
                    "parameters", Map.of("file", appended.toString(), "n", STEPS))).get("id").asText();
            UUID run = UUID.fromString(orch.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                    .get("id").asText());
            FlowEngine engine = new FlowEngine(orch, new Results(dir.resolve("storage"), Json.MAPPER), Json.MAPPER,
                    EngineListener.NONE);
            FlowResolver resolver = (entrypoint, name) -> new FlowResolver.Resolved(steps,
                    DatabaseOutageTest.class.getClassLoader());
            try (Worker worker = Worker.start(orch, engine, resolver,
                    new Worker.Options("q", 1, Duration.ofMillis(200), Duration.ofSeconds(2), "outage-worker"),
                    Worker.Listener.NONE)) {
                outageAfterSteps(appended, () -> { });
                await(() -> orch.readRun(run, RunKind.FLOW).orElseThrow().state().isTerminal(), Duration.ofMinutes(5));
            }
            assertThat(orch.readRun(run, RunKind.FLOW).orElseThrow().state().type()).isEqualTo(StateType.COMPLETED);
            assertEachStepRanOnceAndEveryStateIsStored(url, appended);
        }
    }

    @Test
    void anEmbeddedRunOnPostgresqlCompletesThroughADatabaseOutageRunningEachTaskOnce() throws Exception {
        String url = postgres.freshUrl();
        Path appended = dir.resolve("steps.txt");
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toString(), "ORION_DATABASE_URL", url);
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> cli(env, "run", flowFile().toString(),
                "--param", "file=" + appended, "--param", "n=" + STEPS));
        outageAfterSteps(appended, () -> { });
        Cli done = run.get(5, TimeUnit.MINUTES);
        assertThat(done.exit()).as(done.toString()).isZero();
        assertEachStepRanOnceAndEveryStateIsStored(url, appended);
    }

    /** Once a quarter of the steps ran, stops PostgreSQL for {@link #OUTAGE}, checks what it must while down, starts it. */
    private static void outageAfterSteps(Path appended, ThrowingRunnable whileDown) throws Exception {
        await(() -> lines(appended).size() >= STEPS / 4, Duration.ofMinutes(3));
        postgres.stop();
        try {
            whileDown.run();
            // The outage itself is the scenario: it lasts as long as it lasts, whatever the machine's load.
            Thread.sleep(OUTAGE.toMillis());
        } finally {
            postgres.startAgain();
        }
    }

    private static void assertEachStepRanOnceAndEveryStateIsStored(String url, Path appended) {
        assertThat(lines(appended)).containsExactlyElementsOf(IntStream.range(0, STEPS).mapToObj(String::valueOf).toList());
        try (Database db = Database.open(url)) {
            RunStore runs = new RunStore(db);
            List<RunRow> flowRuns = runs.listFlowRuns(10, null, null);
            assertThat(flowRuns).hasSize(1);
            RunRow flowRun = flowRuns.getFirst();
            assertThat(flowRun.state().type()).isEqualTo(StateType.COMPLETED);
            assertThat(runs.states(flowRun.id())).extracting(s -> s.state().name()).endsWith("Pending", "Running", "Completed");
            List<RunRow> tasks = runs.taskRunsOf(flowRun.id());
            assertThat(tasks).hasSize(STEPS).allSatisfy(t -> {
                assertThat(t.state().type()).isEqualTo(StateType.COMPLETED);
                assertThat(t.runCount()).isEqualTo(1);
                assertThat(runs.states(t.id())).extracting(s -> s.state().type())
                        .containsExactly(StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);
            });
        }
    }

    private Path flowFile() {
        try {
            Path f = dir.resolve("Steps.java");
            if (!Files.exists(f)) {
                Files.writeString(f, FLOW);
            }
            return f;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What {@code orion ARGS} printed and returned. */
    record Cli(int exit, String out, String err) {
    }

    static Cli cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static void await(BooleanSupplier condition, Duration within) {
        Eventually.until("the condition", within, condition::getAsBoolean);
    }

    /** An Orion server on the database, with the orchestrator its settings choose (shared on PostgreSQL). */
    record Server(Database db, OrionServer server) implements AutoCloseable {
        static Server start(String url, Path dir) {
            Database db = Database.open(url);
            OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", dir.resolve("server").toString(),
                    "ORION_DATABASE_URL", url));
            OrionServer server = new OrionServer(ServerContext.create(settings, db, PluginRegistry.none()))
                    .start("127.0.0.1", 0);
            return new Server(db, server);
        }

        String url() {
            return "http://127.0.0.1:" + server.port() + "/api";
        }

        @Override
        public void close() {
            server.close();
            db.close();
        }
    }
}
