package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.Flow;
import dev.orion.api.InvalidParameterException;
import dev.orion.api.RunContext;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.store.RunRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlowEngineTest {

    @TempDir
    Path dir;

    static final Task<List<Integer>> extract = Task.of("extract", (Integer n) -> IntStream.range(0, n).boxed().toList());
    static final Task<Integer> square = Task.of("square", (Integer x) -> x * x);
    static final Flow<Integer> etl = Flow.of("etl", (Integer n) -> {
        List<Integer> xs = extract.call(n);
        List<TaskFuture<Integer>> squares = square.map(xs);
        return squares.stream().mapToInt(TaskFuture::result).sum();
    });

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void runsAFlowOfTasksToCompletedAndStoresItsResult(EngineBackend db) throws Exception {
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.run(etl, Map.of("n", "4"));

            assertThat(out.isCompleted()).isTrue();
            assertThat(out.result()).isEqualTo(0 + 1 + 4 + 9);
            assertThat(f.stateNames(out.flowRunId(), RunKind.FLOW)).containsExactly("Pending", "Running", "Completed");
            List<RunRow> tasks = f.taskRuns(out.flowRunId());
            assertThat(tasks).extracting(RunRow::name)
                    .containsExactlyInAnyOrder("extract-0", "square-0", "square-1", "square-2", "square-3");
            for (RunRow t : tasks) {
                assertThat(f.stateNames(t.id(), RunKind.TASK)).containsExactly("Pending", "Running", "Completed");
            }
            RunRow flowRun = f.orchestrator.readRun(out.flowRunId(), RunKind.FLOW).orElseThrow();
            assertThat(flowRun.parameters()).isEqualTo("{\"n\":4}");
            String ref = flowRun.state().resultRef();
            // A small result is kept in the state itself, readable wherever the state is; a large one goes to the storage.
            assertThat(ref).startsWith(Results.INLINE);
            assertThat(f.engine.resultStorage().read(ref, getClass().getClassLoader())).isEqualTo(14);
            String large = f.engine.resultStorage().persist("x".repeat(Results.INLINE_MAX_BYTES), true, null);
            assertThat(large).startsWith(Results.SCHEME);
            assertThat(Files.list(dir.resolve("storage"))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void recordsUpstreamEdgesForFuturesPassedAsArgumentsAndWaitFor(EngineBackend db) {
        Task<Integer> one = Task.of("one", () -> 1);
        Task<Integer> inc = Task.of("inc", (Integer x) -> x + 1);
        Task<String> last = Task.of("last", () -> "done");
        Flow<Integer> flow = Flow.of("edges", () -> {
            TaskFuture<Integer> a = one.submit();
            List<TaskFuture<Integer>> bs = inc.map(List.of(a));
            last.waitFor(bs.get(0)).submit().result();
            return bs.get(0).result();
        });
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.result()).isEqualTo(2);
            Map<String, RunRow> byName = f.taskRuns(out.flowRunId()).stream()
                    .collect(Collectors.toMap(RunRow::name, r -> r));
            UUID a = byName.get("one-0").id();
            UUID b = byName.get("inc-0").id();
            assertThat(byName.get("one-0").taskInputs()).isEqualTo("{}");
            assertThat(byName.get("inc-0").taskInputs()).isEqualTo("{\"x\":[\"" + a + "\"]}");
            assertThat(byName.get("last-0").taskInputs()).isEqualTo("{\"wait_for\":[\"" + b + "\"]}");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void rejectsAMissingOrUnconvertibleParameterBeforeCreatingARun(EngineBackend db) {
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            assertThatThrownBy(() -> f.engine.run(etl, Map.of()))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("needs parameter 'n' (Integer)");
            assertThatThrownBy(() -> f.engine.run(etl, Map.of("n", "ten")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("must be Integer, got 'ten'");
            assertThatThrownBy(() -> f.engine.run(etl, Map.of("n", "1", "m", "2")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("has no parameter 'm'");
            assertThat(f.flowRuns()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aFailingTaskDoesNotStopItsSiblingsUnlessTheFlowLetsItPropagate(EngineBackend db) {
        Task<Integer> maybe = Task.of("maybe", (Integer x) -> {
            if (x == 2) {
                throw new IllegalStateException("no twos");
            }
            return x;
        });
        Flow<Long> tolerant = Flow.of("tolerant", () -> maybe.map(List.of(1, 2, 3)).stream()
                .filter(fu -> fu.wait(Duration.ofSeconds(10)).orElseThrow().is(StateType.COMPLETED))
                .count());
        Flow<Integer> strict = Flow.of("strict", () -> maybe.call(2));
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome ok = f.engine.runArgs(tolerant);
            assertThat(ok.isCompleted()).isTrue();
            assertThat(ok.result()).isEqualTo(2L);
            assertThat(f.taskRuns(ok.flowRunId())).extracting(r -> r.state().type())
                    .containsExactlyInAnyOrder(StateType.COMPLETED, StateType.FAILED, StateType.COMPLETED);

            FlowRunOutcome failed = f.engine.runArgs(strict);
            assertThat(failed.state().type()).isEqualTo(StateType.FAILED);
            assertThat(failed.state().message())
                    .contains("IllegalStateException: no twos").contains("(at FlowEngineTest.java:");
            assertThat(failed.error()).isInstanceOf(IllegalStateException.class);
            RunRow task = f.taskRuns(failed.flowRunId()).get(0);
            assertThat(task.state().message()).contains("no twos").contains("FlowEngineTest.java:");
            assertThat(f.logs(failed.flowRunId())).anySatisfy(l -> {
                assertThat(l.taskRunId()).isEqualTo(task.id());
                assertThat(l.level()).isEqualTo("ERROR");
                assertThat(l.message()).contains("no twos");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void anUncaughtErrorInUserCodeEndsTheRunCrashed(EngineBackend db) {
        Task<Integer> broken = Task.of("broken", () -> {
            throw new AssertionError("invariant broken");
        });
        Flow<Integer> flow = Flow.of("crashing", () -> broken.call());
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.state().type()).isEqualTo(StateType.CRASHED);
            assertThat(out.state().message()).contains("AssertionError: invariant broken");
            assertThat(f.stateNames(out.flowRunId(), RunKind.FLOW)).containsExactly("Pending", "Running", "Crashed");
            assertThat(f.taskRuns(out.flowRunId()).get(0).state().type()).isEqualTo(StateType.CRASHED);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void runsASubflowAsAChildFlowRunLinkedToATaskRunOfItsParent(EngineBackend db) {
        Flow<Integer> child = Flow.of("child", (Integer n) -> square.call(n));
        Flow<Integer> parent = Flow.of("parent", () -> child.call(3) + 1);
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(parent);

            assertThat(out.result()).isEqualTo(10);
            RunRow link = f.taskRuns(out.flowRunId()).get(0);
            assertThat(link.name()).isEqualTo("child-0");
            assertThat(f.stateNames(link.id(), RunKind.TASK)).containsExactly("Pending", "Running", "Completed");
            RunRow childRun = f.flowRuns().stream().filter(r -> r.flowName().equals("child")).findFirst().orElseThrow();
            assertThat(childRun.parentTaskRunId()).isEqualTo(link.id());
            assertThat(childRun.state().type()).isEqualTo(StateType.COMPLETED);
            assertThat(link.state().details().childFlowRunId()).isEqualTo(childRun.id());
            assertThat(f.taskRuns(childRun.id())).extracting(RunRow::name).containsExactly("square-0");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void storesRunLoggerLinesAndCapturedPrintsWithTheirRun(EngineBackend db) {
        Task<Integer> chatty = Task.of("chatty", () -> {
            RunContext.logger().warn("from the task {}", 7);
            System.out.println("printed in the task");
            return 1;
        });
        Flow<Integer> flow = Flow.of("logging", () -> {
            RunContext.logger().info("from the flow");
            return chatty.call();
        }).withLogPrints(true);
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            UUID taskRunId = f.taskRuns(out.flowRunId()).get(0).id();
            var logs = f.logs(out.flowRunId());
            assertThat(logs).anySatisfy(l -> {
                assertThat(l.message()).isEqualTo("from the flow");
                assertThat(l.taskRunId()).isNull();
                assertThat(l.level()).isEqualTo("INFO");
            });
            assertThat(logs).anySatisfy(l -> {
                assertThat(l.message()).isEqualTo("from the task 7");
                assertThat(l.taskRunId()).isEqualTo(taskRunId);
                assertThat(l.level()).isEqualTo("WARN");
            });
            assertThat(logs).anySatisfy(l -> {
                assertThat(l.message()).isEqualTo("printed in the task");
                assertThat(l.taskRunId()).isEqualTo(taskRunId);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aFlowCalledOutsideAnyRunSaysHowToRunIt(EngineBackend db) {
        Task<Integer> t = Task.of("t", () -> 1);
        assertThatThrownBy(t::call).hasMessageContaining("works only inside a running flow");
        AtomicInteger calls = new AtomicInteger();
        Flow<Integer> flow = Flow.of("counted", () -> calls.incrementAndGet());
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            assertThat(f.engine.runArgs(flow).result()).isEqualTo(1);
        }
    }
}
