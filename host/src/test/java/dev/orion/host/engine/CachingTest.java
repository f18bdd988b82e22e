package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.Task;
import dev.orion.host.store.RunRow;
import dev.orion.host.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CachingTest {

    @TempDir
    Path dir;

    record Point(int x, int y) {
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aSecondCallWithTheSameKeyEndsCachedWithoutRunningTheBody(EngineBackend db) {
        AtomicInteger runs = new AtomicInteger();
        Task<Point> point = Task.of("point", (Integer x) -> {
            runs.incrementAndGet();
            return new Point(x, x * 2);
        }).withCacheByInputs(Duration.ofMinutes(5));
        Flow<List<Point>> flow = Flow.of("cached", () -> List.of(point.call(3), point.call(3), point.call(4)));
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            FlowRunOutcome first = f.engine.runArgs(flow);
            FlowRunOutcome second = f.engine.runArgs(flow);

            assertThat(first.result()).isEqualTo(List.of(new Point(3, 6), new Point(3, 6), new Point(4, 8)));
            assertThat(second.result()).isEqualTo(first.result());
            assertThat(runs).hasValue(2);
            List<RunRow> tasks = f.taskRuns(first.flowRunId());
            assertThat(tasks).extracting(t -> t.state().name()).containsExactly("Completed", "Cached", "Completed");
            assertThat(f.stateNames(tasks.get(1).id(), RunKind.TASK)).containsExactly("Pending", "Cached");
            assertThat(f.states(tasks.get(1).id(), RunKind.TASK).get(1).rule()).isEqualTo("CacheRetrieval");
            assertThat(f.taskRuns(second.flowRunId())).extracting(t -> t.state().name())
                    .containsExactly("Cached", "Cached", "Cached");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void afterItsExpirationACachedResultIsComputedAgain(EngineBackend db) {
        AtomicInteger runs = new AtomicInteger();
        Task<Integer> counted = Task.of("counted", (Integer x) -> runs.incrementAndGet())
                .withCacheKey(args -> "fixed-key-" + args.get(0), Duration.ofMinutes(5));
        Flow<Integer> flow = Flow.of("expiring", () -> counted.call(1));
        TestClock clock = TestClock.atNow();
        try (var f = EngineFixture.open(db, dir, Policies::core, clock)) {
            assertThat(f.engine.runArgs(flow).result()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(4));
            assertThat(f.engine.runArgs(flow).result()).as("a minute before it expires").isEqualTo(1);
            clock.advance(Duration.ofMinutes(2));
            FlowRunOutcome after = f.engine.runArgs(flow);

            assertThat(after.result()).isEqualTo(2);
            assertThat(f.taskRuns(after.flowRunId()).get(0).state().name()).isEqualTo("Completed");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aTaskThatRefreshesTheCacheRunsAgainAndLaterCallsGetItsNewResult(EngineBackend db) {
        AtomicInteger runs = new AtomicInteger();
        Task<Integer> counted = Task.of("counted", (Integer x) -> runs.incrementAndGet())
                .withCacheKey(args -> "refreshed-key-" + args.get(0), null);
        Task<Integer> refreshing = counted.withRefreshCache(true);
        Flow<List<Integer>> flow = Flow.of("refreshing",
                () -> List.of(counted.call(1), counted.call(1), refreshing.call(1), counted.call(1)));
        try (var f = EngineFixture.open(db, dir, Policies::core)) {
            FlowRunOutcome run = f.engine.runArgs(flow);

            assertThat(run.result()).isEqualTo(List.of(1, 1, 2, 2));
            assertThat(f.taskRuns(run.flowRunId())).extracting(t -> t.state().name())
                    .containsExactly("Completed", "Cached", "Completed", "Cached");
        }
    }
}
