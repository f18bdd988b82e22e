package dev.orion.host.testing;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.scripting.FlowTrials;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An embedded Orion on a {@link TemporaryStore} of its own with a {@link ManualClock}, for a
 * script test's {@code testing.runFlow}: the same engine, orchestrator, core policy and store as
 * {@link Orion}, and what a run did read back from that store. Closing it deletes the store.
 * Thread-safe.
 */
public final class TemporaryOrion extends Orion implements FlowTrials.Trial {

    private final ManualClock clock;
    private final TemporaryStore store;

    private TemporaryOrion(TemporaryStore store, ManualClock clock) {
        this.clock = clock;
        this.store = store;
        super(OrionSettings.fromMap(store.environment()), EngineListener.NONE);
    }

    /** An Orion on a fresh temporary store, its clock starting now. */
    public static TemporaryOrion create() {
        TemporaryStore store = TemporaryStore.create();
        try {
            return new TemporaryOrion(store, new ManualClock());
        } catch (RuntimeException e) {
            deleteQuietly(store, e);
            throw e;
        }
    }

    /** Trials that each get a {@link #create() fresh} temporary Orion: what {@code orion test} gives scripts. */
    public static FlowTrials trials() {
        return TemporaryOrion::create;
    }

    @Override
    protected TimeSource createClock() {
        return clock;
    }

    @Override
    public ManualClock clock() {
        return clock;
    }

    @Override
    public void advance(Duration duration) {
        clock.advance(duration);
    }

    @Override
    public Map<String, Object> runFlow(Flow<?> flow, Map<String, ?> parameters) {
        return describe(run(flow, parameters));
    }

    /** What the run did, as plain values: see {@link FlowTrials.Trial#runFlow}. */
    public Map<String, Object> describe(FlowRunOutcome outcome) {
        database().writer().flush();
        RunStore runs = new RunStore(database());
        UUID id = outcome.flowRunId();
        RunRow row = runs.findRun(id, RunKind.FLOW)
                .orElseThrow(() -> new OrionException("no flow run " + id + " in this test's store"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id.toString());
        out.put("name", row.name());
        out.put("flow", row.flowName());
        out.put("state", state(outcome.state(), null, null));
        out.put("result", outcome.isCompleted() ? outcome.result() : null);
        out.put("error", outcome.error() == null ? null : String.valueOf(outcome.error().getMessage()));
        out.put("states", steps(runs.states(id)));
        out.put("taskRuns", runs.taskRunsOf(id).stream()
                .sorted(Comparator.comparing(RunRow::created).thenComparing(RunRow::name))
                .map(t -> {
                    Map<String, Object> task = new LinkedHashMap<>();
                    task.put("id", t.id().toString());
                    task.put("name", t.name());
                    task.put("task", t.taskKey());
                    task.put("state", t.state() == null ? null : state(t.state(), null, null));
                    task.put("states", steps(runs.states(t.id())));
                    return task;
                }).toList());
        out.put("logs", new LogStore(database()).forFlowRun(id).stream().map(LogRow::message).toList());
        return out;
    }

    private static List<Map<String, Object>> steps(List<StateRow> rows) {
        return rows.stream().map(r -> state(r.state(), r.rule(), r.reason())).toList();
    }

    private static Map<String, Object> state(State s, String rule, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.type().name());
        m.put("name", s.name());
        m.put("message", s.message());
        m.put("timestamp", s.timestamp().toString());
        m.put("rule", rule);
        m.put("reason", reason);
        return m;
    }

    /** Closes this Orion and deletes its store. */
    @Override
    public void close() {
        try {
            super.close();
        } finally {
            try {
                store.close();
            } catch (Exception e) {
                throw new OrionException("could not delete the temporary store " + store.home() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static void deleteQuietly(TemporaryStore store, RuntimeException cause) {
        try {
            store.close();
        } catch (Exception suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
