package dev.orion.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.store.RunRow;
import dev.orion.host.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimeoutsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aTaskOverItsTimeoutIsInterruptedAndEndsTimedOut(EngineBackend db) {
        AtomicBoolean interrupted = new AtomicBoolean();
        Task<String> slow = Task.of("slow", () -> {
            try {
                untilInterrupted();
                return "woke";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }).withTimeout(Duration.ofMillis(200));
        Flow<String> flow = Flow.of("impatient", () -> slow.submit().wait(Eventually.DEADLINE).orElseThrow().name());
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.result()).isEqualTo("TimedOut");
            RunRow task = f.taskRuns(out.flowRunId()).get(0);
            assertThat(task.state().type()).isEqualTo(StateType.FAILED);
            assertThat(f.stateNames(task.id(), RunKind.TASK)).containsExactly("Pending", "Running", "TimedOut");
            assertThat(interrupted).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineBackend.class)
    void aFlowOverItsTimeoutIsInterruptedAndEndsTimedOut(EngineBackend db) {
        AtomicBoolean interrupted = new AtomicBoolean();
        Flow<String> flow = Flow.of("sleepy", () -> {
            try {
                untilInterrupted();
                return "woke";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }).withTimeout(Duration.ofMillis(200));
        try (var f = EngineFixture.open(db, dir, Policies::none)) {
            FlowRunOutcome out = f.engine.runArgs(flow);

            assertThat(out.state().type()).isEqualTo(StateType.FAILED);
            assertThat(out.state().name()).isEqualTo("TimedOut");
            assertThat(interrupted).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    /** Blocks until the thread is interrupted (the timeout's doing), with a generous deadline. */
    private static void untilInterrupted() throws InterruptedException {
        new CountDownLatch(1).await(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
