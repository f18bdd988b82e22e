package dev.orion.host.client;

import dev.orion.host.artifacts.Artifacts;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.host.limits.GlobalLimitAdmin;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.replay.PolicyReplay;
import dev.orion.host.replay.ReplayReport;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.store.WorkQueueRecord;
import dev.orion.host.variables.Variables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the CLI and the library read and change besides running flows: runs, their states and
 * logs, deployments, work queues, concurrency limits and the effective policy. Two
 * implementations, one behaviour: embedded (direct calls into the orchestrator and the store of
 * this process, no HTTP, no port) and {@link RemoteClient} (the server at {@code ORION_API_URL}).
 * Every state it proposes is decided by the orchestrator of that mode, with its whole effective
 * policy. Implementations are thread-safe; close the client after use.
 */
public interface OrionClient extends AutoCloseable {

    // ---- runs, states, logs ------------------------------------------------------------------

    /** The newest flow runs first, optionally only those of one state type and one flow (null: any). */
    List<RunRow> flowRuns(int limit, StateType type, String flowName);

    Optional<RunRow> flowRun(UUID id);

    /** A run's states, oldest first, each with the rule and reason that decided it where known. */
    List<StateRow> states(UUID runId, RunKind kind);

    /** The decisions on a run's proposals, oldest first. */
    List<DecisionRow> decisions(UUID runId, RunKind kind);

    /** A flow run's task runs, oldest first. */
    List<RunRow> taskRuns(UUID flowRunId);

    /**
     * A page of a flow run's task runs, oldest first: at most {@code limit} from {@code offset}
     * on (a run of a million task runs is read a page at a time).
     */
    default List<RunRow> taskRuns(UUID flowRunId, int offset, int limit) {
        List<RunRow> all = taskRuns(flowRunId);
        int from = Math.min(offset, all.size());
        return all.subList(from, (int) Math.min(all.size(), (long) from + limit));
    }

    /** How many task runs a flow run has. */
    default long taskRunCount(UUID flowRunId) {
        return taskRuns(flowRunId).size();
    }

    /** A flow run's log lines (its task runs' too), oldest first. */
    List<LogRow> logs(UUID flowRunId);

    /** The flow runs a work queue holds that are not finished yet, the soonest due first. */
    List<RunRow> queuedRuns(String workQueueName, int limit);

    /** A deployment's flow runs, the latest expected start first. */
    List<RunRow> deploymentRuns(UUID deploymentId, int limit);

    /**
     * Proposes a state for a run, decided by the whole effective policy (not forced); the answer
     * is durable when this returns.
     *
     * @throws dev.orion.host.orchestration.NoSuchRunException if there is no such run
     */
    OrchestrationResult propose(UUID runId, RunKind kind, State state);

    /**
     * Resumes a paused flow run (Running again, or Scheduled when its pause rescheduled it);
     * ABORT with the run's state when it is not paused.
     *
     * @throws dev.orion.host.orchestration.NoSuchRunException if there is no such run
     */
    OrchestrationResult resume(UUID flowRunId);

    // ---- deployments -------------------------------------------------------------------------

    /**
     * Creates a deployment, or replaces the one of the same flow and name, and makes sure its
     * work queue exists.
     *
     * @throws dev.orion.api.OrionException for a bad schedule, parameters or entrypoint
     */
    DeploymentRecord deploy(DeploymentSpec spec);

    List<DeploymentRecord> deployments();

    Optional<DeploymentRecord> deployment(UUID id);

    /** The deployments named {@code name}, or {@code flow/name}. */
    List<DeploymentRecord> deploymentsNamed(String name);

    /** Turns a deployment's schedule on or off; false if there is no such deployment. */
    boolean setScheduleActive(UUID deploymentId, boolean active);

    /** Deletes a deployment; false if there was none. */
    boolean deleteDeployment(UUID deploymentId);

    /**
     * Creates a flow run of a deployment, Scheduled now, with the deployment's parameters
     * overridden by {@code parameters}; durable when this returns.
     */
    RunRow createFlowRun(DeploymentRecord deployment, Map<String, Object> parameters);

    // ---- work queues -------------------------------------------------------------------------

    /**
     * Creates a work queue.
     *
     * @throws dev.orion.api.OrionException when one of that name exists
     */
    WorkQueueRecord createWorkQueue(String name, Integer concurrencyLimit, List<String> tags);

    List<WorkQueueRecord> workQueues();

    Optional<WorkQueueRecord> workQueue(String name);

    /** Pauses or resumes a work queue and answers it as changed. */
    WorkQueueRecord setPaused(UUID workQueueId, boolean paused);

    // ---- concurrency limits ------------------------------------------------------------------

    /** Creates a limit for a tag, or changes the size of an existing one. */
    ConcurrencyLimit upsertLimit(String tag, int limit);

    List<ConcurrencyLimit> limits();

    Optional<ConcurrencyLimit> limit(String tag);

    /** Deletes a limit; false if there was none. */
    boolean deleteLimit(String tag);

    // ---- variables, secrets, global concurrency limits ------------------------------------------

    /** The variables flows read, of this mode's store or server. */
    Variables variables();

    /** The secrets flows read, of this mode's store (encrypted there) or server. */
    Secrets secrets();

    /** The global concurrency limits flows take by name, of this mode's store or server. */
    GlobalLimitAdmin globalLimits();

    /** The artifacts runs published, of this mode's store or server. */
    Artifacts artifacts();

    // ---- policy ------------------------------------------------------------------------------

    /** The effective policy of whoever decides in this mode, rule by rule with each rule's source. */
    PolicyView policy();

    /**
     * The decisions recorded since {@code since}, decided again under this mode's effective policy
     * with {@code candidate}'s overrides instead of {@code policy.json}'s: where they would differ.
     *
     * @param progress told how far the replay is (embedded only; null for none)
     */
    Replay replay(PolicyOverrides candidate, Instant since, PolicyReplay.Progress progress);

    /** A replay's report, and the candidate's overrides that could not be applied as asked. */
    record Replay(ReplayReport report, List<String> problems) {
        public Replay {
            problems = List.copyOf(problems);
        }
    }

    /** Where this client talks to: the server's API URL, or the embedded database. */
    String target();

    @Override
    void close();
}
