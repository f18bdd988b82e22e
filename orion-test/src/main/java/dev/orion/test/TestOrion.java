package dev.orion.test;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.TimeSource;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An embedded Orion for one test: its own temporary store, a {@link TestClock} the engine and
 * orchestrator read and wait on, and a way to read back what a run did. Runs flows exactly as
 * {@link Orion} does (same engine, orchestrator, policies, store). Thread-safe; the extension
 * closes it after the test.
 */
public final class TestOrion extends Orion {

    private final TestClock clock;

    /** An Orion on the store of {@code settings}, deciding by {@code clock}. */
    public TestOrion(OrionSettings settings, TestClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        super(settings, EngineListener.NONE);
        installAsLauncher();
    }

    /** An Orion with its home (SQLite store, results, plugins, rules) in {@code home}. */
    public static TestOrion inFolder(Path home) {
        return new TestOrion(OrionSettings.fromMap(Map.of("ORION_HOME", home.toString())), new TestClock());
    }

    @Override
    protected TimeSource createClock() {
        return clock;
    }

    /** The clock runs wait on: move it with {@link TestClock#advance}. */
    @Override
    public TestClock clock() {
        return clock;
    }

    /** What the flow run did: its states, its task runs' states, the decisions and the logs. */
    public RunRecord record(FlowRunOutcome outcome) {
        return record(outcome.flowRunId());
    }

    /** What the flow run with this id did. */
    public RunRecord record(UUID flowRunId) {
        database().writer().flush();
        RunStore runs = new RunStore(database());
        RunRow flowRun = runs.findRun(flowRunId, RunKind.FLOW)
                .orElseThrow(() -> new OrionException("no flow run " + flowRunId + " in this test's store"));
        List<RunRecord.TaskRun> taskRuns = runs.taskRunsOf(flowRunId).stream()
                .sorted(Comparator.comparing(RunRow::created).thenComparing(RunRow::name))
                .map(t -> new RunRecord.TaskRun(t.id(), t.name(), t.taskKey(), steps(runs.states(t.id())),
                        runs.decisions(t.id())))
                .toList();
        return new RunRecord(flowRun.id(), flowRun.name(), flowRun.flowName(), steps(runs.states(flowRunId)),
                runs.decisions(flowRunId), taskRuns, new LogStore(database()).forFlowRun(flowRunId));
    }

    private static List<RunRecord.Step> steps(List<StateRow> rows) {
        return rows.stream().map(r -> new RunRecord.Step(r.state(), r.rule(), r.reason())).toList();
    }
}
