package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetriesTest {

    @TempDir
    Path dir;

    static Task<String> failingTimes(int failures, AtomicInteger calls) {
        return Task.of("flaky", () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("attempt " + calls.get() + " failed");
            }
            return "ok on attempt " + calls.get();
        });
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void retriesAFailedTaskUntilItCompletes(EngineBackend db) {
        AtomicInteger calls = new AtomicInteger();
        Task<String> flaky = failingTimes(2, calls).withRetries(2, Duration.ofMillis(50));
        Flow<String> flow = Flow.of("retrying", () -> flaky.call());
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.result()).isEqualTo("ok on attempt 3");
            RunRow task = f.taskRuns(out.flowRunId()).get(0);
            assertThat(f.stateNames(task.id(), RunKind.TASK)).containsExactly("Pending", "Running", "AwaitingRetry",
                    "Retrying", "AwaitingRetry", "Retrying", "Completed");
            assertThat(task.runCount()).isEqualTo(3);
            List<DecisionRow> rejections = f.decisions(task.id(), RunKind.TASK).stream()
                    .filter(d -> d.proposedType() == StateType.FAILED).toList();
            assertThat(rejections).hasSize(2).allSatisfy(d -> {
                assertThat(d.rule()).isEqualTo("RetryFailedTasks");
                assertThat(d.resultName()).isEqualTo("AwaitingRetry");
                assertThat(d.reason()).isNotBlank();
            });
            List<StateRow> states = f.states(task.id(), RunKind.TASK);
            assertThat(states.get(2).rule()).isEqualTo("RetryFailedTasks");
            assertThat(Duration.between(states.get(2).state().timestamp(), states.get(3).state().timestamp()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(40));
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void endsFailedOnceItsRetriesAreSpent(EngineBackend db) {
        AtomicInteger calls = new AtomicInteger();
        Task<String> flaky = failingTimes(5, calls).withRetries(1);
        Flow<String> flow = Flow.of("spent", () -> flaky.call());
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.state().type()).isEqualTo(StateType.FAILED);
            assertThat(out.state().message()).contains("attempt 2 failed");
            RunRow task = f.taskRuns(out.flowRunId()).get(0);
            assertThat(f.stateNames(task.id(), RunKind.TASK))
                    .containsExactly("Pending", "Running", "AwaitingRetry", "Retrying", "Failed");
            assertThat(calls).hasValue(2);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void retriesAFailedFlowAndReusesItsCompletedTaskRuns(EngineBackend db) {
        AtomicInteger flowCalls = new AtomicInteger();
        AtomicInteger stepCalls = new AtomicInteger();
        Task<Integer> step = Task.of("step", () -> stepCalls.incrementAndGet()).withPersistResult(true);
        Flow<Integer> flow = Flow.of("flaky-flow", () -> {
            int s = step.call();
            if (flowCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("first flow attempt fails");
            }
            return s;
        }).withRetries(1, Duration.ofMillis(50));
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.isCompleted()).isTrue();
            assertThat(out.result()).isEqualTo(1);
            assertThat(stepCalls).hasValue(1);
            assertThat(f.stateNames(out.flowRunId(), RunKind.FLOW))
                    .containsExactly("Pending", "Running", "AwaitingRetry", "Retrying", "Completed");
            assertThat(f.decisions(out.flowRunId(), RunKind.FLOW))
                    .anySatisfy(d -> assertThat(d.rule()).isEqualTo("RetryFailedFlows"));
            assertThat(f.taskRuns(out.flowRunId())).hasSize(1);
        }
    }
}
