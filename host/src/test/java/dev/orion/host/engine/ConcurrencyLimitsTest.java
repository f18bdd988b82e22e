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
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrencyLimitsTest {

    @TempDir
    Path dir;

    static final Task<Integer> query = Task.of("query", (Integer i) -> {
        Thread.sleep(100);
        return i;
    }).withTags("db");

    static final Flow<Integer> twenty = Flow.of("twenty", () -> query.map(IntStream.range(0, 20).boxed().toList())
            .stream().mapToInt(TaskFuture::result).sum());

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void tasksOfALimitedTagNeverRunMoreThanTheLimitAndStartPromptlyWhenASlotFrees(TestDatabase db) {
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            new ConcurrencyLimitStore(f.db).upsert("db", 2);

            FlowRunOutcome out = f.engine.runArgs(twenty);

            assertThat(out.result()).isEqualTo(190);
            List<RunRow> tasks = f.taskRuns(out.flowRunId());
            assertThat(tasks).allSatisfy(t -> assertThat(t.state().type()).isEqualTo(StateType.COMPLETED));
            assertThat(TaskRunnersTest.maxOverlap(tasks)).isEqualTo(2);
            // 20 tasks of 100 ms, 2 at a time: ~1 s; a 30 s poll would take minutes.
            assertThat(out.duration()).isLessThan(Duration.ofSeconds(6));
            RunRow waiter = tasks.stream()
                    .filter(t -> f.stateNames(t.id(), RunKind.TASK).contains("AwaitingConcurrencySlot"))
                    .findFirst().orElseThrow();
            List<StateRow> states = f.states(waiter.id(), RunKind.TASK);
            assertThat(states).extracting(s -> s.state().name())
                    .containsExactly("Pending", "AwaitingConcurrencySlot", "Running", "Completed");
            assertThat(states.get(1).state().type()).isEqualTo(StateType.PENDING);
            assertThat(f.decisions(waiter.id(), RunKind.TASK))
                    .anySatisfy(d -> assertThat(d.rule()).isEqualTo("SecureTaskConcurrencySlots"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aZeroLimitAbortsTheTaskRunsAttempt(TestDatabase db) {
        Flow<String> flow = Flow.of("blocked", () -> query.submit(1).wait(Duration.ofSeconds(10)).orElseThrow().name());
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
