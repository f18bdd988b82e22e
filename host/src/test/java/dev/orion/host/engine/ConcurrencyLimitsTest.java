package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrencyLimitsTest {

    @TempDir
    Path dir;

    static final Task<Integer> query = Task.of("query", (Integer i) -> i).withTags("db");

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void tasksOfALimitedTagNeverRunMoreThanTheLimitAndStartWhenASlotFreesNotWhenTheirWaitEnds(EngineBackend db) {
        // Each body holds until two are in progress at once, so the limit is reached on any machine.
        Task<Integer> limited = TaskRunnersTest.gathering(2).withTags("db");
        Flow<Integer> twenty = Flow.of("twenty", () -> limited.map(IntStream.range(0, 20).boxed().toList())
                .stream().mapToInt(TaskFuture::result).sum());
        // Runs told to wait a day for a slot: the flow can only finish if a freed slot wakes them.
        try (var f = EngineFixture.open(db, dir, () -> Policies.coreWaitingForSlots(Duration.ofDays(1).toSeconds()))) {
            new ConcurrencyLimitStore(f.db).upsert("db", 2);

            FlowRunOutcome out = CompletableFuture.supplyAsync(() -> f.engine.runArgs(twenty))
                    .get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);

            assertThat(out.result()).as("%s", out.state()).isEqualTo(190);
            List<RunRow> tasks = f.taskRuns(out.flowRunId());
            assertThat(tasks).allSatisfy(t -> assertThat(t.state().type()).isEqualTo(StateType.COMPLETED));
            assertThat(TaskRunnersTest.maxOverlap(tasks)).isEqualTo(2);
            RunRow waiter = tasks.stream()
                    .filter(t -> f.stateNames(t.id(), RunKind.TASK).contains("AwaitingConcurrencySlot"))
                    .findFirst().orElseThrow();
            List<StateRow> states = f.states(waiter.id(), RunKind.TASK);
            assertThat(states).extracting(s -> s.state().name())
                    .containsExactly("Pending", "AwaitingConcurrencySlot", "Running", "Completed");
            assertThat(states.get(1).state().type()).isEqualTo(StateType.PENDING);
            assertThat(f.decisions(waiter.id(), RunKind.TASK))
                    .anySatisfy(d -> assertThat(d.rule()).isEqualTo("SecureTaskConcurrencySlots"));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("the limited flow did not finish: a freed slot did not wake its waiters", e);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aZeroLimitAbortsTheTaskRunsAttempt(EngineBackend db) {
        Flow<String> flow = Flow.of("blocked", () -> query.submit(1).wait(Eventually.DEADLINE).orElseThrow().name());
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            new ConcurrencyLimitStore(f.db).upsert("db", 0);

            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.result()).isEqualTo("Pending");
            RunRow task = f.taskRuns(out.flowRunId()).get(0);
            assertThat(f.stateNames(task.id(), RunKind.TASK)).containsExactly("Pending");
            assertThat(f.decisions(task.id(), RunKind.TASK)).last()
                    .satisfies(d -> assertThat(d.rule()).isEqualTo("SecureTaskConcurrencySlots"));
        }
    }
}
