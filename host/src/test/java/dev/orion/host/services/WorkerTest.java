package dev.orion.host.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.client.RunningServer;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.Results;
import dev.orion.host.store.HeartbeatStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkerTest {

    @TempDir
    Path dir;

    static final Task<Integer> inc = Task.of("inc", (Integer x) -> x + 1);
    static final Flow<Integer> add = Flow.of("add", (Integer n) -> inc.call(n) + inc.call(n));

    /** Steps of {@link #slow} that completed; its fourth step blocks until released (or interrupted). */
    static final AtomicInteger slowSteps = new AtomicInteger();
    static volatile CountDownLatch releaseSlow;
    static final Task<Integer> slowStep = Task.of("slow-step", (Integer i) -> {
        if (i == 3) {
            releaseSlow.await(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        slowSteps.incrementAndGet();
        return i;
    });
    static final Flow<Integer> slow = Flow.of("slow", (Integer n) -> {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += slowStep.call(i);
        }
        return sum;
    });

    /** Executions of each step of {@link #resumable}; its "hang" step blocks on its first execution until released. */
    static final Map<String, AtomicInteger> steps = new ConcurrentHashMap<>();
    static volatile CountDownLatch releaseHang;
    static final Task<Integer> before = Task.of("before", (Integer x) -> {
        count("before");
        return x;
    });
    static final Task<Integer> hang = Task.of("hang", (Integer x) -> {
        if (count("hang") == 1) {
            releaseHang.await();
        }
        return x;
    });
    static final Task<Integer> after = Task.of("after", (Integer x) -> {
        count("after");
        return x;
    });
    static final Flow<Integer> resumable = Flow.of("resumable", (Integer n) -> after.call(hang.call(before.call(n))))
            .withRetries(1);

    /** Counts an execution of a step; answers how many there were. */
    private static int count(String step) {
        return steps.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
    }

    private static FlowResolver resolver() {
        return (entrypoint, flowName) -> new FlowResolver.Resolved(switch (flowName) {
            case "add" -> add;
            case "slow" -> slow;
            case "resumable" -> resumable;
            default -> throw new OrionException("no flow " + flowName);
        }, WorkerTest.class.getClassLoader());
    }

    private Worker worker(RunningServer server, HttpOrchestrator orch, int limit, ConcurrentLinkedQueue<UUID> started) {
        return worker(orch, limit, Duration.ofMillis(200), started);
    }

    private Worker worker(HttpOrchestrator orch, int limit, Duration heartbeat, ConcurrentLinkedQueue<UUID> started) {
        return worker(orch, limit, Duration.ofMillis(100), heartbeat, started);
    }

    private Worker worker(HttpOrchestrator orch, int limit, Duration poll, Duration heartbeat,
                          ConcurrentLinkedQueue<UUID> started) {
        FlowEngine engine = new FlowEngine(orch, new Results(dir.resolve("storage"), Json.MAPPER), Json.MAPPER,
                EngineListener.NONE).cancelPollInterval(Duration.ofMillis(200));
        return Worker.start(orch, engine, resolver(),
                new Worker.Options("q", limit, poll, heartbeat, null),
                new Worker.Listener() {
                    @Override
                    public void started(UUID flowRunId, String flowName) {
                        started.add(flowRunId);
                    }
                });
    }

    /** A deployment run of {@link #resumable}, its steps not executed yet and its hang not released. */
    private static UUID aResumableRun(HttpOrchestrator api) {
        steps.clear();
        releaseHang = new CountDownLatch(1);
        String deployment = deploy(api, "resumable", Map.of("n", 7));
        return UUID.fromString(api.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                .get("id").asText());
    }

    private static String deploy(HttpOrchestrator api, String flow, Map<String, Object> params) {
        String flowId = api.api().post("/flows/", Map.of("name", flow)).get("id").asText();
        return api.api().post("/deployments/", Map.of("name", flow + "-dep", "flow_id", flowId,
                "work_queue_name", "q", "entrypoint", "test:" + flow, "parameters", params)).get("id").asText();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoWorkersExecuteEachRunOfTheirQueueExactlyOnce(TestDatabase database) throws Exception {
        try (RunningServer server = RunningServer.start(database, dir);
             HttpOrchestrator a = server.orchestrator(); HttpOrchestrator b = server.orchestrator()) {
            String deployment = deploy(a, "add", Map.of("n", 20));
            List<UUID> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(UUID.fromString(a.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                        .get("id").asText()));
            }
            ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
            try (Worker w1 = worker(server, a, 2, started); Worker w2 = worker(server, b, 2, started)) {
                Eventually.until("all eight runs Completed",
                        () -> runs.stream().allMatch(id -> state(a, id) == StateType.COMPLETED));
            }
            assertThat(started).hasSize(8).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(runs);
            for (UUID id : runs) {
                RunRow run = a.readRun(id, RunKind.FLOW).orElseThrow();
                assertThat(run.runCount()).isEqualTo(1);
                assertThat(run.infrastructurePid()).startsWith("worker:");
                assertThat(a.readStates(id, RunKind.FLOW)).extracting(s -> s.state().name())
                        .containsExactly("Scheduled", "Pending", "Running", "Completed");
                assertThat(new HeartbeatStore(server.db).last(id)).isPresent();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRunWhoseWorkerFallsSilentIsCrashedThenFinishedByAnotherWorkerThatReusesItsCompletedTaskRuns(
            TestDatabase database) throws Exception {
        try (RunningServer server = RunningServer.start(database, dir);
             HttpOrchestrator api = server.orchestrator(); HttpOrchestrator second = server.orchestrator()) {
            UUID id = aResumableRun(api);
            ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
            // The first worker heartbeats once, then its run hangs in "hang": as a worker that died would look.
            Worker silent = worker(api, 1, Duration.ofHours(1), started);
            try {
                Eventually.until("the hang step started", () -> steps.containsKey("hang"));
                assertThat(api.readRun(id, RunKind.FLOW).orElseThrow().policy().retries())
                        .as("the run carries its flow's retries").isEqualTo(1);
                silent.stop(Duration.ZERO);
                // Its one heartbeat, at the claim, is soon more than a second old. The detector is run
                // here, not periodically: the rescuer's run must not depend on its heartbeats' timing.
                CrashDetector detector = new CrashDetector(server.db, server.server.context().orchestrator(),
                        Clock.systemUTC(), Duration.ofSeconds(1), Instant.EPOCH);
                Eventually.until("the silent worker's run declared Crashed", () -> detector.runOnce() == 1);
                try (Worker rescuer = worker(second, 1, Duration.ofMillis(200), started)) {
                    Eventually.until("the run Completed", () -> state(api, id) == StateType.COMPLETED);
                    assertThat(api.readRun(id, RunKind.FLOW).orElseThrow().infrastructurePid())
                            .isEqualTo("worker:" + rescuer.name());
                }
                assertThat(started).containsExactly(id, id);
                assertThat(api.readStates(id, RunKind.FLOW)).extracting(s -> s.state().name()).containsExactly(
                        "Scheduled", "Pending", "Running", "Crashed", "AwaitingRetry", "Pending", "Running", "Completed");
                assertThat(api.readRun(id, RunKind.FLOW).orElseThrow().runCount()).isEqualTo(2);
                // "before" completed on the first worker and was reused; "hang" was in progress there and ran again.
                assertThat(Map.copyOf(steps)).containsOnlyKeys("before", "hang", "after");
                assertThat(steps.get("before")).hasValue(1);
                assertThat(steps.get("hang")).hasValue(2);
                assertThat(steps.get("after")).hasValue(1);
            } finally {
                releaseHang.countDown();
            }
            // The first worker wakes up late: it changes nothing and executes nothing more.
            Eventually.until("the first worker executing nothing", () -> silent.executing().isEmpty());
            assertThat(state(api, id)).isEqualTo(StateType.COMPLETED);
            assertThat(steps.get("after")).hasValue(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aWorkerDeclaredDeadWhileAliveStopsAtItsNextHeartbeatAndWritesNothingMore(TestDatabase database)
            throws Exception {
        try (RunningServer server = RunningServer.start(database, dir);
             HttpOrchestrator api = server.orchestrator(); HttpOrchestrator second = server.orchestrator()) {
            UUID id = aResumableRun(api);
            ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
            try (Worker alive = worker(api, 1, Duration.ofMillis(100), started)) {
                Eventually.until("the hang step started", () -> steps.containsKey("hang"));
                // As if its heartbeats had not got through (a network partition), a server declares the run Crashed:
                // with a timeout an hour in the past, every heartbeat the run had counts as missed.
                assertThat(new CrashDetector(server.db, server.server.context().orchestrator(), Clock.systemUTC(),
                        Duration.ofHours(-1), Instant.EPOCH).runOnce()).isEqualTo(1);

                // Its next heartbeat is refused: it interrupts the run (the hang was never released) and proposes nothing.
                Eventually.until("the worker declared dead executing nothing", () -> alive.executing().isEmpty());
                // The run it was executing never got past "hang". The retried run may already be claimed again (by
                // this same worker too, which is alive): its "after" comes only with a second start.
                boolean afterRan = steps.containsKey("after");
                assertThat(afterRan && started.size() < 2).as("\"after\" ran without a second claim of the run")
                        .isFalse();
                try (Worker rescuer = worker(second, 1, Duration.ofMillis(100), started)) {
                    Eventually.until("the run Completed", () -> state(api, id) == StateType.COMPLETED);
                }
            } finally {
                releaseHang.countDown();
            }
            assertThat(api.readStates(id, RunKind.FLOW)).extracting(s -> s.state().name()).containsExactly(
                    "Scheduled", "Pending", "Running", "Crashed", "AwaitingRetry", "Pending", "Running", "Completed");
            assertThat(steps.get("before")).hasValue(1);
            assertThat(steps.get("hang")).hasValue(2);
            assertThat(steps.get("after")).hasValue(1);
            // What the server answers the worker it no longer trusts, for the run and for its task runs.
            ApiTransport stale = new ApiTransport(server.url(), Optional.empty(), Duration.ZERO);
            stale.identify("not-the-owner");
            JsonNode refused = stale.post("/flow_runs/" + id + "/set_state", Map.of("state", Map.of("type", "FAILED")));
            assertThat(refused.get("status").asText()).isEqualTo("ABORT");
            assertThat(refused.at("/details/reason").asText()).contains("must stop executing it");
            assertThat(state(api, id)).isEqualTo(StateType.COMPLETED);
        }
    }

    /**
     * The worker polls once an hour; it waits on the server for a due run at most 20 s at a time
     * (then polls again), so a run it starts within 15 s of its creation reached it by the server's signal.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anIdleWorkerHearsOfANewRunAtOnceRatherThanAtItsNextPoll(TestDatabase database) throws Exception {
        try (RunningServer server = RunningServer.start(database, dir);
             HttpOrchestrator api = server.orchestrator(); HttpOrchestrator workerApi = server.orchestrator()) {
            String deployment = deploy(api, "add", Map.of("n", 1));
            ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
            try (Worker idle = worker(workerApi, 1, Duration.ofHours(1), Duration.ofSeconds(10), started)) {
                awaitFirstPoll(api);
                for (int i = 0; i < 2; i++) {
                    startsAtOnce(api, deployment, started);
                }
            }
        }
    }

    private static void awaitFirstPoll(HttpOrchestrator api) {
        Eventually.until("the worker polled its queue", () -> !api.api().get("/work_queues/"
                + api.api().get("/work_queues/name/q").get("id").asText() + "/workers").isEmpty());
    }

    /** Creates a run of the deployment; it starts on the worker well before the worker's next poll. */
    private static void startsAtOnce(HttpOrchestrator api, String deployment, ConcurrentLinkedQueue<UUID> started) {
        UUID id = UUID.fromString(api.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                .get("id").asText());
        Eventually.value("run " + id + " started on the worker", Duration.ofSeconds(15),
                () -> started.contains(id) ? id : null);
        Eventually.until("run " + id + " Completed", () -> state(api, id) == StateType.COMPLETED);
    }

    /** As above across servers: the run is created on one server, the worker waits on another (LISTEN/NOTIFY). */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
    void anIdleWorkerOnAnotherServerHearsOfANewRunAtOnce(TestDatabase database) throws Exception {
        String url = database.url(dir);
        try (RunningServer one = RunningServer.start(url, dir.resolve("one"), null, 0);
             RunningServer other = RunningServer.start(url, dir.resolve("other"), null, 0);
             HttpOrchestrator api = one.orchestrator(); HttpOrchestrator workerApi = other.orchestrator()) {
            String deployment = deploy(api, "add", Map.of("n", 1));
            ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
            try (Worker idle = worker(workerApi, 1, Duration.ofHours(1), Duration.ofSeconds(10), started)) {
                awaitFirstPoll(api);
                startsAtOnce(api, deployment, started);
            }
        }
    }

    @Test
    void aCancelledRunStopsItsTasksOnTheWorkerAndEndsCancelled() throws Exception {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir);
             HttpOrchestrator api = server.orchestrator()) {
            slowSteps.set(0);
            releaseSlow = new CountDownLatch(1);
            String deployment = deploy(api, "slow", Map.of("n", 100));
            UUID id = UUID.fromString(api.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                    .get("id").asText());
            ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
            try (Worker w = worker(server, api, 1, started)) {
                Eventually.until("three steps done", () -> slowSteps.get() >= 3);
                JsonNode answer = api.api().post("/flow_runs/" + id + "/set_state",
                        Map.of("state", Map.of("type", "CANCELLING")));
                assertThat(answer.get("status").asText()).isEqualTo("ACCEPT");
                Eventually.until("the run Cancelled", () -> state(api, id) == StateType.CANCELLED);
                // Once the worker has let go of the run, nothing of it can execute any more.
                Eventually.until("the worker executing nothing", () -> w.executing().isEmpty());
                assertThat(slowSteps).as("steps completed").hasValue(3);
            } finally {
                releaseSlow.countDown();
            }
            List<RunRow> tasks = api.readTaskRuns(id);
            assertThat(tasks).as("task runs created").hasSizeLessThanOrEqualTo(4);
            // A task run that was running is stopped; one the orchestrator kept from starting stays Pending.
            assertThat(tasks).noneMatch(t -> t.state().is(StateType.RUNNING));
            assertThat(api.readStates(id, RunKind.FLOW)).extracting(s -> s.state().type())
                    .endsWith(StateType.CANCELLING, StateType.CANCELLED);
        }
    }

    static StateType state(HttpOrchestrator api, UUID id) {
        RunRow run = api.readRun(id, RunKind.FLOW).orElseThrow();
        return run.state() == null ? null : run.state().type();
    }

}
