package dev.orion.host.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.Json;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.client.RunningServer;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.Results;
import dev.orion.host.store.HeartbeatStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    static final AtomicInteger slowSteps = new AtomicInteger();
    static final Task<Integer> slowStep = Task.of("slow-step", (Integer i) -> {
        Thread.sleep(100);
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

    private static FlowResolver resolver() {
        return (entrypoint, flowName) -> new FlowResolver.Resolved(switch (flowName) {
            case "add" -> add;
            case "slow" -> slow;
            default -> throw new dev.orion.api.OrionException("no flow " + flowName);
        }, WorkerTest.class.getClassLoader());
    }

    private Worker worker(RunningServer server, HttpOrchestrator orch, int limit, ConcurrentLinkedQueue<UUID> started) {
        FlowEngine engine = new FlowEngine(orch, new Results(dir.resolve("storage"), Json.MAPPER), Json.MAPPER,
                EngineListener.NONE).cancelPollInterval(Duration.ofMillis(200));
        return Worker.start(orch, engine, resolver(),
                new Worker.Options("q", limit, Duration.ofMillis(100), Duration.ofMillis(200), null),
                new Worker.Listener() {
                    @Override
                    public void started(UUID flowRunId, String flowName) {
                        started.add(flowRunId);
                    }
                });
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
                await(() -> runs.stream().allMatch(id -> state(a, id) == StateType.COMPLETED), Duration.ofSeconds(30));
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

    @Test
    void aCancelledRunStopsItsTasksOnTheWorkerAndEndsCancelled() throws Exception {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir);
             HttpOrchestrator api = server.orchestrator()) {
            String deployment = deploy(api, "slow", Map.of("n", 100));
            UUID id = UUID.fromString(api.api().post("/deployments/" + deployment + "/create_flow_run", Map.of())
                    .get("id").asText());
            ConcurrentLinkedQueue<UUID> started = new ConcurrentLinkedQueue<>();
            try (Worker w = worker(server, api, 1, started)) {
                await(() -> slowSteps.get() >= 3, Duration.ofSeconds(20));
                JsonNode answer = api.api().post("/flow_runs/" + id + "/set_state",
                        Map.of("state", Map.of("type", "CANCELLING")));
                assertThat(answer.get("status").asText()).isEqualTo("ACCEPT");
                await(() -> state(api, id) == StateType.CANCELLED, Duration.ofSeconds(20));
                int stepsAtCancel = slowSteps.get();
                Thread.sleep(500);
                assertThat(slowSteps.get()).isLessThanOrEqualTo(stepsAtCancel + 1);
            }
            List<RunRow> tasks = api.readTaskRuns(id);
            assertThat(tasks.size()).isLessThan(100);
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

    static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
