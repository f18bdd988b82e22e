package dev.orion.host.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.artifacts.Artifacts;
import dev.orion.host.client.DeploymentSpec;
import dev.orion.host.client.OrionClient;
import dev.orion.host.client.PolicyView;
import dev.orion.host.limits.GlobalLimitAdmin;
import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.NewRuns;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.replay.PolicyReplay;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.DeploymentStore;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.StateRow;
import dev.orion.host.store.WorkQueueRecord;
import dev.orion.host.store.WorkQueueStore;
import dev.orion.host.util.Json;
import dev.orion.host.variables.Variables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link OrionClient} of this process's own store: reads go to the store, every proposal to
 * the embedded orchestrator (which decides with the whole effective policy, as {@code orion run}'s
 * does). No HTTP, no port. What it changes is durable when a call returns. Thread-safe.
 */
public final class EmbeddedClient implements OrionClient {

    /** Examples a replay shows of each kind of difference. */
    private static final int REPLAY_EXAMPLES = 3;

    private final Database db;
    private final Supplier<Orchestrator> orchestrator;
    private final Supplier<PolicyView> policy;
    private final Function<PolicyOverrides, EffectivePolicy> candidates;
    private final Supplier<Secrets> secrets;
    private final Runnable onClose;
    private final RunStore runs;
    private final FilterQueries queries;
    private final DeploymentStore deployments;
    private final WorkQueueStore workQueues;
    private final ConcurrencyLimitStore limits;

    /**
     * @param orchestrator the orchestrator that decides (asked for only when something is proposed)
     * @param policy       the effective policy the orchestrator decides with, as shown
     * @param candidates   that policy with a candidate's overrides in place of {@code policy.json}'s
     * @param secrets      the store's secrets with their cipher (asked for only when secrets are used)
     * @param onClose      what closing this client releases (nothing when its owner closes the parts)
     */
    public EmbeddedClient(Database db, Supplier<Orchestrator> orchestrator, Supplier<PolicyView> policy,
                          Function<PolicyOverrides, EffectivePolicy> candidates, Supplier<Secrets> secrets,
                          Runnable onClose) {
        this.db = Objects.requireNonNull(db, "db");
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        this.runs = new RunStore(db);
        this.queries = new FilterQueries(db);
        this.deployments = new DeploymentStore(db);
        this.workQueues = new WorkQueueStore(db);
        this.limits = new ConcurrencyLimitStore(db);
    }

    @Override
    public String target() {
        return db.displayUrl();
    }

    // ---- runs, states, logs ------------------------------------------------------------------

    @Override
    public List<RunRow> flowRuns(int limit, StateType type, String flowName) {
        return read(() -> runs.listFlowRuns(limit, type, flowName));
    }

    @Override
    public Optional<RunRow> flowRun(UUID id) {
        return read(() -> runs.findRun(id, RunKind.FLOW));
    }

    @Override
    public List<StateRow> states(UUID runId, RunKind kind) {
        return read(() -> runs.states(runId));
    }

    @Override
    public List<DecisionRow> decisions(UUID runId, RunKind kind) {
        return read(() -> runs.decisions(runId));
    }

    @Override
    public List<RunRow> taskRuns(UUID flowRunId) {
        return read(() -> runs.taskRunsOf(flowRunId));
    }

    @Override
    public List<RunRow> taskRuns(UUID flowRunId, int offset, int limit) {
        return read(() -> runs.taskRunsOf(flowRunId, offset, limit));
    }

    @Override
    public long taskRunCount(UUID flowRunId) {
        return read(() -> runs.taskRunCount(flowRunId));
    }

    @Override
    public List<LogRow> logs(UUID flowRunId) {
        return read(() -> new LogStore(db).forFlowRun(flowRunId));
    }

    @Override
    public List<RunRow> queuedRuns(String workQueueName, int limit) {
        return read(() -> queries.runs(RunKind.FLOW, new Filter("work_queue_name = ? AND state_type IN "
                        + "('SCHEDULED', 'PENDING', 'RUNNING', 'CANCELLING')", List.of(workQueueName)),
                new FilterQueries.Page(FilterQueries.FLOW_RUN_SORTS.get("EXPECTED_START_TIME_ASC"), limit, 0)));
    }

    @Override
    public List<RunRow> deploymentRuns(UUID deploymentId, int limit) {
        return read(() -> queries.runs(RunKind.FLOW, new Filter("deployment_id = ?", List.of(deploymentId.toString())),
                new FilterQueries.Page(FilterQueries.FLOW_RUN_SORTS.get("EXPECTED_START_TIME_DESC"), limit, 0)));
    }

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State state) {
        Orchestrator o = orchestrator.get();
        OrchestrationResult result = o.propose(runId, kind, state, false);
        o.flush();
        return result;
    }

    @Override
    public OrchestrationResult resume(UUID flowRunId) {
        Orchestrator o = orchestrator.get();
        RunRow run = o.readRun(flowRunId, RunKind.FLOW).orElseThrow(() -> new NoSuchRunException(RunKind.FLOW, flowRunId));
        Optional<State> resumed = resumeState(run);
        if (resumed.isEmpty()) {
            return new OrchestrationResult(ResultStatus.ABORT, run.state(),
                    new ResultDetails("Cannot resume a flow run that is not paused.", null, null));
        }
        return propose(flowRunId, RunKind.FLOW, resumed.get());
    }

    /**
     * The state that resumes a paused flow run: Scheduled ("Resuming", now) when its pause
     * rescheduled it, else Running; empty when it is not paused. The API's resume uses it too.
     */
    public static Optional<State> resumeState(RunRow run) {
        if (run.state() == null || !run.state().is(StateType.PAUSED)) {
            return Optional.empty();
        }
        return Optional.of(run.state().details().reschedulesOnPause()
                ? State.scheduled(Instant.now()).withName("Resuming") : State.running());
    }

    // ---- deployments -------------------------------------------------------------------------

    @Override
    public DeploymentRecord deploy(DeploymentSpec spec) {
        DeploymentRecord d = NewDeployments.of(spec.name(), null, spec.flowName(), null, spec.entrypoint(), null,
                spec.schedule(), true, Json.write(spec.parameters()), spec.tags(), spec.workQueueName());
        UUID flowId = runs.ensureFlow(spec.flowName()); // only once the deployment is known to be valid
        DeploymentRecord saved = deployments.save(new DeploymentRecord(d.id(), d.name(), flowId, d.flowName(),
                d.description(), d.entrypoint(), d.path(), d.schedule(), d.scheduleActive(), d.parameters(), d.tags(),
                d.workQueueName(), null, null));
        workQueues.create(saved.workQueueName(), null, null, 1, Set.of()); // empty when it exists: fine
        return saved;
    }

    @Override
    public List<DeploymentRecord> deployments() {
        return deployments.list(200, 0);
    }

    @Override
    public Optional<DeploymentRecord> deployment(UUID id) {
        return deployments.find(id);
    }

    @Override
    public List<DeploymentRecord> deploymentsNamed(String name) {
        return deployments.named(name);
    }

    @Override
    public boolean setScheduleActive(UUID deploymentId, boolean active) {
        return deployments.setScheduleActive(deploymentId, active);
    }

    @Override
    public boolean deleteDeployment(UUID deploymentId) {
        return deployments.delete(deploymentId);
    }

    /** Created and forced Scheduled (now), as the API's {@code create_flow_run} does. */
    @Override
    public RunRow createFlowRun(DeploymentRecord deployment, Map<String, Object> parameters) {
        Orchestrator o = orchestrator.get();
        JsonNode given = Json.MAPPER.valueToTree(parameters == null ? Map.of() : parameters);
        RunRow created = o.createRun(NewRuns.fromDeployment(deployment, given, null, null).build());
        o.propose(created.id(), RunKind.FLOW, State.scheduled(o.clock().now()), true);
        o.flush();
        return o.readRun(created.id(), RunKind.FLOW).orElseThrow();
    }

    // ---- work queues -------------------------------------------------------------------------

    @Override
    public WorkQueueRecord createWorkQueue(String name, Integer concurrencyLimit, List<String> tags) {
        if (name == null || name.isBlank()) {
            throw new OrionException("a work queue needs a name");
        }
        if (concurrencyLimit != null && concurrencyLimit < 0) {
            throw new OrionException("a work queue's concurrency limit must be 0 or more, got " + concurrencyLimit);
        }
        return workQueues.create(name, null, concurrencyLimit, 1, tags == null ? Set.of() : Set.copyOf(tags))
                .orElseThrow(() -> new OrionException("a work queue named '" + name + "' exists; see orion work-queue ls"));
    }

    @Override
    public List<WorkQueueRecord> workQueues() {
        return workQueues.list(200, 0);
    }

    @Override
    public Optional<WorkQueueRecord> workQueue(String name) {
        return workQueues.named(name);
    }

    @Override
    public WorkQueueRecord setPaused(UUID workQueueId, boolean paused) {
        workQueues.update(workQueueId, null, paused, null, false, null);
        return workQueues.find(workQueueId).orElseThrow(() -> new OrionException("no work queue " + workQueueId));
    }

    // ---- concurrency limits ------------------------------------------------------------------

    @Override
    public ConcurrencyLimit upsertLimit(String tag, int limit) {
        return limits.upsert(tag, limit);
    }

    @Override
    public List<ConcurrencyLimit> limits() {
        return limits.list();
    }

    @Override
    public Optional<ConcurrencyLimit> limit(String tag) {
        return limits.find(tag);
    }

    @Override
    public boolean deleteLimit(String tag) {
        return limits.delete(tag);
    }

    // ---- variables, secrets, global concurrency limits ------------------------------------------

    @Override
    public Variables variables() {
        return Variables.of(db);
    }

    @Override
    public Artifacts artifacts() {
        return Artifacts.of(db);
    }

    @Override
    public Secrets secrets() {
        return secrets.get();
    }

    @Override
    public GlobalLimitAdmin globalLimits() {
        return GlobalLimitAdmin.of(db);
    }

    // ---- policy ------------------------------------------------------------------------------

    @Override
    public PolicyView policy() {
        return policy.get();
    }

    @Override
    public Replay replay(PolicyOverrides candidate, Instant since, PolicyReplay.Progress progress) {
        EffectivePolicy policy = candidates.apply(candidate);
        return new Replay(read(() -> new PolicyReplay(db, REPLAY_EXAMPLES).replay(policy.toPolicySet(), since, progress)),
                policy.problems());
    }

    /** Reads after what was handed to the store's writer is durable, so a read sees this process's last change. */
    private <T> T read(Supplier<T> query) {
        db.writer().flush();
        return query.get();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
