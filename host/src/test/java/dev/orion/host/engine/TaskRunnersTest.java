package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.TaskRunnerSpec;
import dev.orion.host.store.RunRow;
import dev.orion.host.testing.Eventually;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskRunnersTest {

    @TempDir
    Path dir;

    /**
     * A task body that holds until {@code together} bodies have been in progress at once (or a
     * generous deadline passes), so the overlap the recorded times show does not depend on how
     * fast the machine starts task runs.
     */
    static Task<Integer> gathering(int together) {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        return Task.of("gather", (Integer i) -> {
            peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Eventually.until(together + " task bodies in progress at once", () -> peak.get() >= together);
                return i;
            } finally {
                inside.decrementAndGet();
            }
        });
    }

    static Flow<Integer> gathering(int n, int together, TaskRunnerSpec runner) {
        Task<Integer> task = gathering(together);
        return Flow.of("gathering", () -> task.map(IntStream.range(0, n).boxed().toList()).stream()
                .mapToInt(TaskFuture::result).sum()).withTaskRunner(runner);
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void theConcurrentRunnerOverlapsTaskRunsOnVirtualThreads(EngineBackend db) {
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            // Only concurrent bodies can all be in progress at once: a sequential runner would time out.
            FlowRunOutcome out = f.engine.runArgs(gathering(20, 20, TaskRunnerSpec.concurrent()));

            assertThat(out.result()).isEqualTo(190);
            assertThat(maxOverlap(f.taskRuns(out.flowRunId()))).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void theConcurrentRunnerWithAMaxRunsAtMostThatManyAtOnce(EngineBackend db) {
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(gathering(8, 3, TaskRunnerSpec.concurrent(3)));

            assertThat(out.result()).isEqualTo(28);
            assertThat(maxOverlap(f.taskRuns(out.flowRunId()))).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void theSequentialRunnerRunsOneTaskRunAtATime(EngineBackend db) {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Task<Integer> busy = Task.of("busy", (Integer i) -> {
            peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.sleep(50); // work that would overlap the next task run were it started concurrently
            inside.decrementAndGet();
            return i;
        });
        Flow<Integer> flow = Flow.of("one-by-one", () -> busy.map(IntStream.range(0, 4).boxed().toList()).stream()
                .mapToInt(TaskFuture::result).sum()).withTaskRunner(TaskRunnerSpec.sequential());
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.result()).isEqualTo(6);
            assertThat(peak).hasValue(1);
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
