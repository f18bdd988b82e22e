package dev.orion.host.engine;

import dev.orion.api.RunKind;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.store.Database;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.Json;
import dev.orion.host.util.TimeSource;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A fresh database, the real orchestrator of the backend with the given policies, and a
 * {@link FlowEngine} with result storage in a temporary directory; plus reads of what a user
 * would look at afterwards (states, decisions, task runs, logs).
 */
final class EngineFixture implements AutoCloseable {

    final Database db;
    final Orchestrator orchestrator;
    final FlowEngine engine;
    final RunStore runs;

    private EngineFixture(Database db, boolean shared, Supplier<PolicySet> policies, Path storage, TimeSource clock) {
        this.db = db;
        this.orchestrator = Orchestrators.forDatabase(db, shared, policies, List.of(), clock);
        this.engine = new FlowEngine(orchestrator, new Results(storage, Json.MAPPER), Json.MAPPER, null);
        this.runs = new RunStore(db);
    }

    static EngineFixture open(EngineBackend backend, Path dir, Supplier<PolicySet> policies) {
        return open(backend, dir, policies, TimeSource.SYSTEM);
    }

    /** With the orchestrator deciding by {@code clock}. */
    static EngineFixture open(EngineBackend backend, Path dir, Supplier<PolicySet> policies, TimeSource clock) {
        return new EngineFixture(backend.database.open(dir), backend.shared, policies, dir.resolve("storage"), clock);
    }

    List<String> stateNames(UUID runId, RunKind kind) {
        return orchestrator.readStates(runId, kind).stream().map(s -> s.state().name()).toList();
    }

    List<StateRow> states(UUID runId, RunKind kind) {
        return orchestrator.readStates(runId, kind);
    }

    List<DecisionRow> decisions(UUID runId, RunKind kind) {
        return orchestrator.readDecisions(runId, kind);
    }

    /** The flow run's task runs, in order of creation. */
    List<RunRow> taskRuns(UUID flowRunId) {
        orchestrator.flush();
        return runs.taskRunsOf(flowRunId).stream().sorted(Comparator.comparing(RunRow::created)
                .thenComparing(r -> Integer.parseInt(r.dynamicKey()))).toList();
    }

    List<RunRow> flowRuns() {
        orchestrator.flush();
        return runs.listFlowRuns(1000, null, null);
    }

    List<LogRow> logs(UUID flowRunId) {
        orchestrator.flush();
        return new LogStore(db).forFlowRun(flowRunId);
    }

    @Override
    public void close() {
        engine.close();
        orchestrator.close();
        db.close();
    }
}
