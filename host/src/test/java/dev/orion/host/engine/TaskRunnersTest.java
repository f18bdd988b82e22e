package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.TaskRunnerSpec;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskRunnersTest {

    @TempDir
    Path dir;

    static final Task<Integer> nap = Task.of("nap", (Integer i) -> {
        Thread.sleep(200);
        return i;
    });

    static Flow<Integer> napping(int n, TaskRunnerSpec runner) {
        return Flow.of("napping", () -> nap.map(IntStream.range(0, n).boxed().toList()).stream()
                .mapToInt(TaskFuture::result).sum()).withTaskRunner(runner);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theConcurrentRunnerOverlapsTaskRunsOnVirtualThreads(TestDatabase db) {
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(napping(20, TaskRunnerSpec.concurrent()));

            assertThat(out.result()).isEqualTo(190);
            assertThat(maxOverlap(f.taskRuns(out.flowRunId()))).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theConcurrentRunnerWithAMaxRunsAtMostThatManyAtOnce(TestDatabase db) {
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(napping(8, TaskRunnerSpec.concurrent(3)));

            assertThat(out.result()).isEqualTo(28);
            assertThat(maxOverlap(f.taskRuns(out.flowRunId()))).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theSequentialRunnerRunsOneTaskRunAtATime(TestDatabase db) {
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(napping(4, TaskRunnerSpec.sequential()));

            assertThat(out.result()).isEqualTo(6);
            assertThat(maxOverlap(f.taskRuns(out.flowRunId()))).isEqualTo(1);
        }
    }

    /** The most task runs that were Running at one instant, from their recorded start and end times. */
    static int maxOverlap(List<RunRow> runs) {
        record Edge(Instant at, int delta) {
        }
        List<Edge> edges = new ArrayList<>();
        for (RunRow r : runs) {
            assertThat(r.startTime()).as("start time of %s", r.name()).isNotNull();
            assertThat(r.endTime()).as("end time of %s", r.name()).isNotNull();
            edges.add(new Edge(r.startTime(), 1));
            edges.add(new Edge(r.endTime(), -1));
        }
        edges.sort((a, b) -> a.at().equals(b.at()) ? Integer.compare(a.delta(), b.delta()) : a.at().compareTo(b.at()));
        int now = 0;
        int max = 0;
        for (Edge e : edges) {
            now += e.delta();
            max = Math.max(max, now);
        }
        return max;
    }
}
