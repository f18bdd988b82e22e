package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.api.TaskFailedException;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Json;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoppingTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aTaskOfAFlowRunThatIsNoLongerRunningIsStoppedAndTheFlowKeepsItsCancelledState(EngineBackend db) {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Task<Integer> late = Task.of("late", () -> {
            ran.set(true);
            return 1;
        });
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            Flow<String> flow = Flow.of("cancelled-midway", () -> {
                f.orchestrator.propose(RunContext.flowRunId(), RunKind.FLOW, State.cancelled("stopped by a user"), true);
                try {
                    late.call();
                } catch (TaskFailedException e) {
                    seen.set(e);
                }
                return "body finished";
            });

            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(ran).isFalse();
            assertThat(seen.get()).hasMessageContaining("stopped by the orchestrator");
            RunRow task = f.taskRuns(out.flowRunId()).get(0);
            assertThat(f.stateNames(task.id(), RunKind.TASK)).containsExactly("Pending");
            assertThat(f.decisions(task.id(), RunKind.TASK)).last()
                    .satisfies(d -> assertThat(d.rule()).isEqualTo("PreventRunningTasksFromStoppedFlows"));
            assertThat(out.state().type()).isEqualTo(StateType.CANCELLED);
            assertThat(f.orchestrator.readRun(out.flowRunId(), RunKind.FLOW).orElseThrow().state().type())
                    .isEqualTo(StateType.CANCELLED);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void anErrorInTheEngineEndsTheRunCrashedNeverStuckRunning(EngineBackend db) {
        EngineListener failing = new EngineListener() {
            @Override
            public void stateChanged(UUID runId, RunKind kind, State state) {
                if (kind == RunKind.TASK && state.is(StateType.RUNNING)) {
                    throw new IllegalStateException("listener blew up");
                }
            }
        };
        Task<Integer> t = Task.of("victim", () -> 1);
        Flow<Integer> flow = Flow.of("engine-error", () -> t.call());
        try (var f = EngineFixture.open(db, dir, Policies::core);
             var engine = new FlowEngine(f.orchestrator, new Results(dir.resolve("s"), Json.MAPPER), Json.MAPPER,
                     failing)) {
            FlowRunOutcome out = engine.runArgs(flow);

            RunRow task = f.taskRuns(out.flowRunId()).get(0);
            assertThat(task.state().type()).isEqualTo(StateType.CRASHED);
            assertThat(task.state().message()).contains("listener blew up");
            assertThat(out.state().type()).isEqualTo(StateType.FAILED);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aFutureConvertsToACompletableFuture(EngineBackend db) {
        Task<Integer> two = Task.of("two", () -> 2);
        Task<Integer> boom = Task.of("boom", () -> {
            throw new IllegalArgumentException("boom");
        });
        Flow<String> flow = Flow.of("composed", () -> {
            var sum = two.submit().toCompletableFuture().thenCombine(two.submit().toCompletableFuture(), Integer::sum);
            var failed = boom.submit().toCompletableFuture().handle((v, e) -> e.getClass().getSimpleName());
            return sum.get(5, TimeUnit.SECONDS) + " " + failed.get();
        });
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            assertThat(f.engine.runArgs(flow).result()).isEqualTo("4 IllegalArgumentException");
        }
    }
}
