package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.orchestration.NewRuns;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.util.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The {@link Orchestrator} over HTTP: every run, state and log line goes to an Orion server's
 * REST API (Prefect 2's paths and shapes), so the engine runs flows against a server exactly as
 * against the embedded store.
 *
 * <p>Runs are created the way Prefect's client creates them, with their first state (Pending)
 * in the same request; the engine's first Pending proposal for such a run is then answered from
 * that request instead of a second one; a task run's Running proposal usually rides on its
 * create too ({@link TaskRunCreates}). Every call is retried while the server is briefly
 * unreachable ({@link ApiTransport}); proposals carry transition ids, and a proposal whose
 * answer was lost is recognised by the run's current transition id, so a retry never writes a
 * state twice. Log lines are sent in batches by a background thread. WAITs sleep at most
 * {@link #MAX_WAIT_POLL} at a time, so a slot freed elsewhere is seen promptly. Thread-safe.
 */
public final class HttpOrchestrator implements Orchestrator {

    /** The longest single sleep of {@link #awaitWait}. */
    public static final Duration MAX_WAIT_POLL = Duration.ofMillis(500);

    private final ApiTransport api;
    private final LogShipper logs;
    private final Map<String, UUID> flowIds = new ConcurrentHashMap<>();
    private final Map<UUID, String> flowNames = new ConcurrentHashMap<>();
    /** Runs created here with a Pending state whose first Pending proposal is still to come. */
    private final Map<UUID, State> createdPending = new ConcurrentHashMap<>();
    private final TaskRunCreates taskRuns;
    private final AtomicBoolean closed = new AtomicBoolean();

    public HttpOrchestrator(ApiTransport api) {
        this.api = Objects.requireNonNull(api, "api");
        this.logs = new LogShipper(api);
        this.taskRuns = new TaskRunCreates(api, new TaskRunCreates.Back() {
            @Override
            public OrchestrationResult proposeNow(UUID taskRunId, State proposed) {
                return HttpOrchestrator.this.proposeNow(taskRunId, RunKind.TASK, proposed, false);
            }

            @Override
            public void createdNew(RunRow row) {
                created(row, true);
            }
        });
    }

    /** An orchestrator for the API at {@code apiUrl}, retrying an unavailable server for {@code ORION_API_RETRY_WINDOW}. */
    public static HttpOrchestrator connect(String apiUrl, Optional<String> apiKey) {
        return new HttpOrchestrator(new ApiTransport(apiUrl, apiKey));
    }

    public ApiTransport api() {
        return api;
    }

    // ---- runs ----------------------------------------------------------------------------------

    @Override
    public RunRow createRun(RunRow run) {
        Objects.requireNonNull(run, "run");
        return run.kind() == RunKind.FLOW ? createFlowRun(run) : taskRuns.create(run);
    }

    private RunRow createFlowRun(RunRow run) {
        NewRuns.flowRun(run); // refused here as the server would refuse it; the server names it
        UUID flowId = flowIds.computeIfAbsent(run.flowName(), name -> {
            UUID id = UUID.fromString(api.post("/flows/", Map.of("name", name)).get("id").asText());
            flowNames.put(id, name);
            return id;
        });
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.put("flow_id", flowId.toString());
        body.put("name", run.name());
        body.set("parameters", ApiCodec.read(run.parameters() == null ? "{}" : run.parameters()));
        body.set("tags", ApiTransport.MAPPER.valueToTree(run.tags()));
        body.set("empirical_policy", ApiCodec.policy(run.policy()));
        putId(body, "parent_task_run_id", run.parentTaskRunId());
        putId(body, "deployment_id", run.deploymentId());
        // The engine's own id as idempotency key: a create retried after a lost answer finds its run.
        String ownKey = "orion-client " + run.id();
        body.put("idempotency_key", run.idempotencyKey() != null ? run.idempotencyKey() : ownKey);
        body.put("work_queue_name", run.workQueueName());
        body.set("state", ApiCodec.state(State.pending()));
        // The first state is decided by the server's policy, as embedded (Prefect's create forces it).
        ApiTransport.Answer a = api.call("POST", "/flow_runs/?decide_first_state=true", body, null);
        RunRow row = ApiCodec.run(a.body(), RunKind.FLOW, run.flowName());
        if (run.infrastructurePid() != null && !run.infrastructurePid().equals(row.infrastructurePid())) {
            // Prefect's FlowRunCreate has no infrastructure pid: it is set as a worker sets it.
            api.patch("/flow_runs/" + row.id(), Map.of("infrastructure_pid", run.infrastructurePid()));
            RunRow.Builder b = row.toBuilder();
            b.infrastructurePid = run.infrastructurePid();
            row = b.build();
        }
        boolean isNew = a.status() == 201 || ownKey.equals(row.idempotencyKey());
        if (isNew && row.state() != null && !row.state().is(StateType.PENDING)) {
            // A rule rejected the first Pending (say, to Cancelled): the engine's own first proposal is answered so.
            createdPending.put(row.id(), row.state());
        }
        taskRuns.noteFlowRun(row);
        return created(row, isNew);
    }

    /** A new run holds the Pending state its create request wrote; an existing one whatever it had. */
    RunRow created(RunRow row, boolean isNew) {
        State s = row.state();
        if (isNew && s != null && s.is(StateType.PENDING) && row.runCount() == 0) {
            createdPending.put(row.id(), s);
        }
        return row;
    }

    @Override
    public RunRow updateRun(UUID runId, RunKind kind, UnaryOperator<RunRow> change) {
        if (kind != RunKind.FLOW) {
            throw new OrionException("the API changes flow runs only; task run " + runId + " cannot be changed");
        }
        RunRow before = readRun(runId, kind).orElseThrow(() -> new NoSuchRunException(kind, runId));
        RunRow after = Objects.requireNonNull(change.apply(before), "changed run");
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        if (!Objects.equals(before.name(), after.name())) {
            body.put("name", after.name());
        }
        if (!Objects.equals(before.parameters(), after.parameters())) {
            body.set("parameters", ApiCodec.read(after.parameters()));
        }
        if (!Objects.equals(before.tags(), after.tags())) {
            body.set("tags", ApiTransport.MAPPER.valueToTree(after.tags()));
        }
        if (!Objects.equals(before.infrastructurePid(), after.infrastructurePid())) {
            body.put("infrastructure_pid", after.infrastructurePid());
        }
        if (!Objects.equals(before.entrypoint(), after.entrypoint()) && after.entrypoint() != null) {
            body.putObject("context").put("orion_entrypoint", after.entrypoint());
        }
        if (!Objects.equals(before.policy(), after.policy())) {
            body.set("empirical_policy", ApiCodec.policy(after.policy()));
        }
        if (!body.isEmpty()) {
            call(kind, runId, () -> api.patch("/flow_runs/" + runId, body));
        }
        return readRun(runId, kind).orElseThrow(() -> new NoSuchRunException(kind, runId));
    }

    @Override
    public boolean deleteRun(UUID localId, RunKind kind) {
        return api.found("DELETE", path(kind) + settle(localId, kind), null);
    }

    @Override
    public Optional<RunRow> readRun(UUID localId, RunKind kind) {
        UUID runId = settle(localId, kind);
        JsonNode n;
        try {
            n = api.get(path(kind) + runId);
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        RunRow row = ApiCodec.run(n, kind, kind == RunKind.FLOW ? flowName(ApiCodec.uuid(n, "flow_id")) : null);
        taskRuns.noteFlowRun(row);
        return Optional.of(row);
    }

    /** One page of {@code POST /api/flow_runs/filter} (a Prefect filter body), as runs. */
    public List<RunRow> readFlowRuns(JsonNode filter) {
        List<RunRow> out = new ArrayList<>();
        api.post("/flow_runs/filter", filter).forEach(n -> out.add(ApiCodec.run(n, RunKind.FLOW,
                flowName(ApiCodec.uuid(n, "flow_id")))));
        return out;
    }

    @Override
    public List<StateRow> readStates(UUID localId, RunKind kind) {
        UUID runId = settle(localId, kind);
        JsonNode n = call(kind, runId, () -> api.get("/" + kind.label() + "_run_states/?" + kind.label() + "_run_id=" + runId));
        List<StateRow> out = new ArrayList<>();
        n.forEach(s -> out.add(ApiCodec.stateRow(s, runId, kind)));
        return out;
    }

    @Override
    public List<DecisionRow> readDecisions(UUID localId, RunKind kind) {
        UUID runId = settle(localId, kind);
        JsonNode n = call(kind, runId, () -> api.get(path(kind) + runId + "/decisions"));
        List<DecisionRow> out = new ArrayList<>();
        n.forEach(d -> out.add(ApiCodec.decision(d, kind)));
        return out;
    }

    @Override
    public List<RunRow> readTaskRuns(UUID flowRunId) {
        taskRuns.settleAll(flowRunId);
        List<RunRow> out = new ArrayList<>();
        for (int offset = 0; ; offset += 200) {
            ObjectNode body = ApiTransport.MAPPER.createObjectNode();
            body.putObject("task_runs").putObject("flow_run_id").putArray("any_").add(flowRunId.toString());
            body.put("sort", "EXPECTED_START_TIME_ASC");
            body.put("limit", 200);
            body.put("offset", offset);
            JsonNode page = api.post("/task_runs/filter", body);
            page.forEach(t -> out.add(ApiCodec.run(t, RunKind.TASK, null)));
            if (page.size() < 200) {
                return out;
            }
        }
    }

    // ---- proposals -----------------------------------------------------------------------------

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State proposed, boolean force) {
        Objects.requireNonNull(proposed, "proposed");
        if (kind == RunKind.TASK) {
            Optional<OrchestrationResult> early = taskRuns.beforePropose(runId, proposed, force);
            if (early.isPresent()) {
                return early.get();
            }
        }
        OrchestrationResult r = proposeNow(settle(runId, kind), kind, proposed, force);
        if (kind == RunKind.FLOW && r.isAccepted()) {
            taskRuns.flowRunMoved(runId, proposed, r.state());
        }
        return r;
    }

    static boolean isFirstPending(State proposed) {
        return proposed.is(StateType.PENDING) && "Pending".equals(proposed.name());
    }

    private OrchestrationResult proposeNow(UUID runId, RunKind kind, State proposed, boolean force) {
        if (!force && isFirstPending(proposed)) {
            State created = createdPending.remove(runId);
            if (created != null && isFirstPending(created)) {
                return new OrchestrationResult(ResultStatus.ACCEPT, created, null);
            }
            if (created != null) {
                return new OrchestrationResult(ResultStatus.REJECT, created,
                        new ResultDetails(created.message(), null, null));
            }
        } else {
            createdPending.remove(runId);
        }
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.set("state", ApiCodec.state(proposed));
        body.put("force", force);
        AtomicBoolean maybeDelivered = new AtomicBoolean();
        UUID transitionId = proposed.details().transitionId();
        // Each proposal's id (Orion's extension of set_state): a retry after a lost answer gets the first decision.
        body.put("orion_proposal_id", (transitionId != null ? transitionId : Ids.next()).toString());
        String path = path(kind) + runId + "/set_state";
        while (true) {
            JsonNode answer;
            try {
                answer = api.send("POST", path, body, delivered -> maybeDelivered.compareAndSet(false, delivered));
            } catch (ApiCallException e) {
                throw e.status() == 404 ? new NoSuchRunException(kind, runId) : e;
            }
            OrchestrationResult r = ApiCodec.result(answer, transitionId);
            if (maybeDelivered.get() && transitionId != null) {
                // The first attempt may have been decided; if the run holds our transition, that was the answer.
                Optional<RunRow> now = readRun(runId, kind);
                if (now.isPresent() && now.get().state() != null
                        && transitionId.equals(now.get().state().details().transitionId())
                        && !r.isAccepted()) {
                    return new OrchestrationResult(ResultStatus.ACCEPT, now.get().state(), null);
                }
            }
            return r;
        }
    }

    /** Makes sure a task run whose create was held has reached the server; answers the id the server knows it by. */
    private UUID settle(UUID runId, RunKind kind) {
        return kind == RunKind.TASK ? taskRuns.settle(runId) : runId;
    }

    @Override
    public void awaitWait(UUID runId, Duration delay) throws InterruptedException {
        long millis = Math.min(Math.max(0, delay.toMillis()), MAX_WAIT_POLL.toMillis());
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    // ---- logs ----------------------------------------------------------------------------------

    @Override
    public void log(List<LogRow> lines) {
        logs.add(lines);
    }

    @Override
    public void flush() {
        taskRuns.settleAll();
        logs.flush();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            taskRuns.close();
            logs.close();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String flowName(UUID flowId) {
        if (flowId == null) {
            return null;
        }
        return flowNames.computeIfAbsent(flowId, id -> {
            String name = api.get("/flows/" + id).get("name").asText();
            flowIds.putIfAbsent(name, id);
            return name;
        });
    }

    private static String path(RunKind kind) {
        return "/" + kind.label() + "_runs/";
    }

    private static void putId(ObjectNode n, String field, UUID id) {
        if (id != null) {
            n.put(field, id.toString());
        }
    }

    private static JsonNode call(RunKind kind, UUID runId, Supplier<JsonNode> request) {
        try {
            return request.get();
        } catch (ApiCallException e) {
            throw e.status() == 404 ? new NoSuchRunException(kind, runId) : e;
        }
    }
}
