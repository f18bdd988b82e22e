package dev.orion.host.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.engine.Results;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Eventually;
import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpOrchestratorTest {

    @TempDir
    Path dir;

    static final Task<Integer> square = Task.of("square", (Integer x) -> x * x);
    static final Task<Integer> sum = Task.of("sum", (List<Integer> xs) -> xs.stream().mapToInt(i -> i).sum())
            .withRetries(1, Duration.ZERO);
    static final Flow<Integer> sumOfSquares = Flow.of("sum-of-squares", (Integer n) -> {
        var futures = square.map(IntStream.range(0, n).boxed().toList());
        RunContext.logger().info("mapped {} squares", n);
        return sum.call(futures);
    });

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void runsAFlowAgainstTheServerWithTheSameOutcomeAsEmbedded(TestDatabase database) {
        try (RunningServer server = RunningServer.start(database, dir);
             Orion orion = Orion.local(OrionSettings.fromMap(server.clientEnv(dir)))) {
            assertThat(orion.isRemote()).isTrue();
            FlowRunOutcome out = orion.run(sumOfSquares, Map.of("n", 4));

            assertThat(out.isCompleted()).isTrue();
            assertThat(out.result()).isEqualTo(14);
            try (HttpOrchestrator api = server.orchestrator()) {
                RunRow run = api.readRun(out.flowRunId(), RunKind.FLOW).orElseThrow();
                assertThat(run.state().type()).isEqualTo(StateType.COMPLETED);
                assertThat(run.flowName()).isEqualTo("sum-of-squares");
                assertThat(api.readStates(out.flowRunId(), RunKind.FLOW)).extracting(s -> s.state().name())
                        .containsExactly("Pending", "Running", "Completed");
                assertThat(api.readDecisions(out.flowRunId(), RunKind.FLOW)).hasSize(3);
                List<RunRow> tasks = api.readTaskRuns(out.flowRunId());
                assertThat(tasks).hasSize(5).allMatch(t -> t.state().is(StateType.COMPLETED));
                RunRow sumRun = tasks.stream().filter(t -> t.taskKey().equals("sum")).findFirst().orElseThrow();
                assertThat(sumRun.taskInputs()).contains(tasks.getFirst().id().toString());
                assertThat(api.readStates(sumRun.id(), RunKind.TASK)).extracting(s -> s.state().name())
                        .containsExactly("Pending", "Running", "Completed");
                JsonNode logs = api.api().post("/logs/filter", Map.of("logs",
                        Map.of("flow_run_id", Map.of("any_", List.of(out.flowRunId().toString())))));
                assertThat(logs.findValuesAsText("message")).contains("mapped 4 squares");
            }
        }
    }

    @Test
    void aRetriedProposalWithTheSameTransitionIdWritesNoSecondState() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir);
             HttpOrchestrator api = server.orchestrator()) {
            RunRow.Builder b = RunRow.builder(Ids.next(), RunKind.FLOW);
            b.flowName = "f";
            RunRow run = api.createRun(b.build());
            assertThat(api.propose(run.id(), RunKind.FLOW, State.pending(), false).isAccepted()).isTrue();
            State running = State.running().withTransitionId(Ids.next());

            OrchestrationResult first = api.propose(run.id(), RunKind.FLOW, running, false);
            OrchestrationResult again = api.propose(run.id(), RunKind.FLOW, running, false);

            assertThat(first.status()).isEqualTo(ResultStatus.ACCEPT);
            assertThat(again.status()).isEqualTo(ResultStatus.ACCEPT);
            assertThat(again.state().timestamp()).isEqualTo(first.state().timestamp());
            assertThat(api.readStates(run.id(), RunKind.FLOW)).extracting(s -> s.state().name())
                    .containsExactly("Pending", "Running");
            // What the server answers the duplicate itself: Prefect's REJECT with the current state.
            JsonNode raw = api.api().post("/flow_runs/" + run.id() + "/set_state",
                    Map.of("state", ApiCodec.state(running)));
            assertThat(raw.get("status").asText()).isEqualTo("REJECT");
            assertThat(raw.at("/details/reason").asText()).contains("already made this state transition");
        }
    }

    @Test
    void waitsForAServerThatIsNotUpYetAndLosesNothing() throws Exception {
        int port = RunningServer.freePort();
        try (HttpOrchestrator api = HttpOrchestrator.connect("http://127.0.0.1:" + port + "/api", Optional.empty())) {
            RunRow.Builder b = RunRow.builder(Ids.next(), RunKind.FLOW);
            b.flowName = "late-server";
            CompletableFuture<RunRow> created = CompletableFuture.supplyAsync(() -> api.createRun(b.build()));
            // The server starts only once the client has found it away and tried again.
            Eventually.until("the client to retry", () -> api.api().requestsSent() >= 2);
            try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir, null, port)) {
                RunRow run = created.get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(api.propose(run.id(), RunKind.FLOW, State.pending(), false).isAccepted()).isTrue();
                assertThat(server.db.query("SELECT COUNT(*) FROM flow_run", ps -> { }, rs -> rs.getInt(1)))
                        .containsExactly(1);
            }
        }
    }

    @Test
    void givesUpWithAClearMessageWhenTheServerStaysAway() {
        int port = RunningServer.freePort();
        ApiTransport api = new ApiTransport("http://127.0.0.1:" + port + "/api", Optional.empty(), Duration.ofMillis(400));
        assertThatThrownBy(() -> api.get("/health")).isInstanceOf(ApiCallException.class)
                .hasMessageContaining("is unreachable").hasMessageContaining("ORION_API_URL");
    }

    @Test
    void sendsTheApiKeyAsBearerToken() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir, "s3cret", 0)) {
            ApiTransport wrong = new ApiTransport(server.url(), Optional.of("nope"), Duration.ZERO);
            assertThatThrownBy(() -> wrong.get("/flows/name/x")).isInstanceOf(ApiCallException.class)
                    .satisfies(e -> assertThat(((ApiCallException) e).status()).isEqualTo(401));
            try (Orion orion = Orion.local(OrionSettings.fromMap(server.clientEnv(dir)))) {
                assertThat(orion.call(sumOfSquares, 3)).isEqualTo(5);
            }
        }
    }

    static final Flow<String> waitsForApproval = Flow.of("waits-for-approval", (Integer seconds) -> {
        RunContext.pause(Duration.ofMillis(seconds * 1000L));
        return "approved";
    });

    @Test
    void aFlowPausesItselfAndGoesOnOnceResumedOrFailsWhenNobodyResumesIt() throws Exception {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir);
             Orion orion = Orion.local(OrionSettings.fromMap(server.clientEnv(dir)));
             HttpOrchestrator api = server.orchestrator()) {
            CompletableFuture<FlowRunOutcome> run = CompletableFuture.supplyAsync(
                    () -> orion.run(waitsForApproval, Map.of("seconds", 3600)));
            JsonNode paused = Eventually.value("the run paused", () -> {
                JsonNode found = api.api().post("/flow_runs/filter", Map.of("flow_runs",
                        Map.of("state", Map.of("type", Map.of("any_", List.of("PAUSED"))))));
                return found.isEmpty() ? null : found.get(0);
            });
            JsonNode resumed = api.api().post("/flow_runs/" + paused.get("id").asText() + "/resume", null);
            assertThat(resumed.get("status").asText()).isEqualTo("ACCEPT");
            FlowRunOutcome out = run.get();
            assertThat(out.isCompleted()).isTrue();
            assertThat(out.result()).isEqualTo("approved");
            assertThat(api.readStates(out.flowRunId(), RunKind.FLOW)).extracting(s -> s.state().type())
                    .containsSubsequence(StateType.RUNNING, StateType.PAUSED, StateType.RUNNING, StateType.COMPLETED);

            FlowRunOutcome timedOut = orion.run(waitsForApproval, Map.of("seconds", 1));
            assertThat(timedOut.state().type()).isEqualTo(StateType.FAILED);
            // The policy's Failed is the run's end: the engine does not write a second one.
            assertThat(api.readStates(timedOut.flowRunId(), RunKind.FLOW)).extracting(s -> s.state().type())
                    .endsWith(StateType.PAUSED, StateType.FAILED).filteredOn(t -> t == StateType.FAILED).hasSize(1);
            assertThat(timedOut.state().message()).contains("never resumed");
        }
    }

    static final Task<Integer> inc = Task.of("inc", (Integer x) -> x + 1);
    static final Flow<Integer> counting = Flow.of("counting", (Integer n) -> {
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += inc.call(i);
        }
        return total;
    });

    @Test
    void aTaskRunThatStartsAtOnceCostsTwoRequestsWithItsStatesAllRecorded() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir);
             HttpOrchestrator api = server.orchestrator();
             FlowEngine engine = new FlowEngine(api, new Results(dir.resolve("results"), Json.MAPPER), Json.MAPPER, null)) {
            engine.runArgs(counting, 1); // the flow's first run also creates the flow
            long before = api.api().requestsSent();
            FlowRunOutcome ten = engine.runArgs(counting, 10);
            long forTen = api.api().requestsSent() - before;
            before = api.api().requestsSent();
            FlowRunOutcome thirty = engine.runArgs(counting, 30);
            long forThirty = api.api().requestsSent() - before;

            assertThat(thirty.result()).isEqualTo(465);
            // Create (with Pending and Running riding on it) and Completed: 2 per task run, 3 before.
            // Log lines go in batches from a background thread: one batch more or less may land in either run.
            assertThat(forThirty - forTen).isCloseTo(40L, Offset.offset(2L));
            List<RunRow> tasks = api.readTaskRuns(thirty.flowRunId());
            assertThat(tasks).hasSize(30).allMatch(t -> t.state().is(StateType.COMPLETED) && t.runCount() == 1);
            assertThat(api.readStates(tasks.get(7).id(), RunKind.TASK)).extracting(s -> s.state().name())
                    .containsExactly("Pending", "Running", "Completed");
            assertThat(api.readDecisions(tasks.get(7).id(), RunKind.TASK)).hasSize(3);
            assertThat(ten.isCompleted()).isTrue();
        }
    }

    /** Released by the test once it has seen the downstream task run waiting. */
    static volatile CountDownLatch releaseSlow;
    static final Task<String> slow = Task.of("slow", () -> {
        releaseSlow.await(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return "done";
    });
    static final Task<String> after = Task.of("after", (String s) -> s + " after");
    static final Flow<String> ordered = Flow.of("ordered", () -> {
        TaskFuture<String> first = slow.submit();
        return after.submit(first).result();
    });

    @Test
    void aTaskRunWaitingForItsUpstreamShowsOnTheServerWhileItWaits() throws Exception {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir);
             HttpOrchestrator api = server.orchestrator();
             FlowEngine engine = new FlowEngine(api, new Results(dir.resolve("results"), Json.MAPPER), Json.MAPPER, null);
             HttpOrchestrator observer = server.orchestrator()) {
            releaseSlow = new CountDownLatch(1);
            CompletableFuture<FlowRunOutcome> run = CompletableFuture.supplyAsync(() -> engine.runArgs(ordered));
            try {
                // Created first, then proposed Pending: wait for the state, not only the row.
                JsonNode waiting = Eventually.value("the waiting task run, Pending on the server before its upstream ended", () -> {
                    JsonNode found = observer.api().post("/task_runs/filter", Map.of("task_runs",
                            Map.of("name", Map.of("any_", List.of("after-0")))));
                    return found.isEmpty() || found.get(0).path("state_type").isNull()
                            || found.get(0).path("state_type").isMissingNode() ? null : found.get(0);
                });
                assertThat(waiting.get("state_type").asText()).isEqualTo("PENDING");
                assertThat(run.isDone()).isFalse();
            } finally {
                releaseSlow.countDown();
            }
            assertThat(run.get().result()).isEqualTo("done after");
        }
    }

    static final AtomicInteger executions = new AtomicInteger();
    static final AtomicBoolean failThird = new AtomicBoolean();
    static final Task<Integer> step = Task.of("step", (Integer i) -> {
        executions.incrementAndGet();
        if (i == 3 && failThird.get()) {
            throw new IllegalStateException("step 3 failed");
        }
        return i;
    });
    static final Flow<Integer> fiveSteps = Flow.of("five-steps", () -> {
        int total = 0;
        for (int i = 1; i <= 5; i++) {
            total += step.call(i);
        }
        return total;
    });

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedRunExecutedAgainOverHttpReusesItsCompletedTaskRuns(TestDatabase database) {
        try (RunningServer server = RunningServer.start(database, dir);
             HttpOrchestrator api = server.orchestrator();
             FlowEngine engine = new FlowEngine(api, new Results(dir.resolve("results"), Json.MAPPER), Json.MAPPER, null)) {
            failThird.set(true);
            executions.set(0);
            FlowRunOutcome failed = engine.runArgs(fiveSteps);
            assertThat(failed.state().type()).isEqualTo(StateType.FAILED);
            assertThat(executions.get()).isEqualTo(3);

            failThird.set(false);
            executions.set(0);
            FlowRunOutcome again = engine.runExisting(fiveSteps, failed.flowRunId());

            assertThat(again.isCompleted()).isTrue();
            assertThat(again.result()).isEqualTo(15);
            assertThat(executions.get()).as("steps 3, 4 and 5 only").isEqualTo(3);
            List<RunRow> tasks = api.readTaskRuns(failed.flowRunId());
            assertThat(tasks).hasSize(5).allMatch(t -> t.state().is(StateType.COMPLETED));
        }
    }

    static final Task<Integer> cachedSquare = Task.of("cached-square", (Integer x) -> {
        executions.incrementAndGet();
        return x * x;
    }).withCacheByInputs(Duration.ofMinutes(5));
    static final Flow<Integer> cachedSquares = Flow.of("cached-squares", (Integer x) -> cachedSquare.call(x) + 1);

    @Test
    void aTaskCachedByOneMachineIsACacheHitOnAnotherWithItsOwnResultStorage() {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir);
             HttpOrchestrator first = server.orchestrator(); HttpOrchestrator second = server.orchestrator();
             FlowEngine here = new FlowEngine(first, new Results(dir.resolve("here"), Json.MAPPER), Json.MAPPER, null);
             FlowEngine there = new FlowEngine(second, new Results(dir.resolve("there"), Json.MAPPER), Json.MAPPER, null)) {
            executions.set(0);
            assertThat(here.runArgs(cachedSquares, 7).result()).isEqualTo(50);

            FlowRunOutcome again = there.runArgs(cachedSquares, 7);

            assertThat(again.isCompleted()).as(String.valueOf(again.state())).isTrue();
            assertThat(again.result()).isEqualTo(50);
            assertThat(executions.get()).as("the second machine used the cached result").isEqualTo(1);
            assertThat(second.readTaskRuns(again.flowRunId())).singleElement()
                    .satisfies(t -> assertThat(t.state().name()).isEqualTo("Cached"));
        }
    }
}
