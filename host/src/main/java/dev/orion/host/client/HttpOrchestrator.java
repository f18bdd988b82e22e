package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.Ids;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The {@link Orchestrator} over HTTP: every run, state and log line goes to an Orion server's
 * REST API (Prefect 2's paths and shapes), so the engine runs flows against a server exactly as
 * against the embedded store.
 *
 * <p>Runs are created the way Prefect's client creates them, with their first state (Pending)
 * in the same request; the engine's first Pending proposal for such a run is then answered from
 * that request instead of a second one. In a flow run that has no task runs from an earlier
 * attempt, a task run's create is held back for a moment ({@link HeldTaskRunCreates}) and its
 * Running proposal rides on it (Orion's {@code orion_then_set_state}), so a task run costs two
 * round trips, not three; should the server have that task run already (the flow run is being
 * executed elsewhere too), the run goes on as the server's, from its state. Every call is retried while the server is briefly
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
    /** Flow runs known to have no task runs from an earlier attempt, with how often they entered Running. */
    private final Map<UUID, Integer> freshFlowRuns = new ConcurrentHashMap<>();
    private final HeldTaskRunCreates held = new HeldTaskRunCreates(this::sendHeldCreate);
    /**
     * Held task runs the server already had under another id (a flow run executed twice at once:
     * a worker declared dead that goes on), by the id the engine knows them by.
     */
    private final Map<UUID, UUID> serverIds = new ConcurrentHashMap<>();
    /** Such runs whose Pending proposal was answered before that was known: it is made before their next one. */
    private final java.util.Set<UUID> owedPending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    public HttpOrchestrator(ApiTransport api) {
        this.api = Objects.requireNonNull(api, "api");
        this.logs = new LogShipper(api);
    }

    /** An orchestrator for the API at {@code apiUrl}, retrying an unreachable server for 60 s. */
    public static HttpOrchestrator connect(String apiUrl, Optional<String> apiKey) {
        return new HttpOrchestrator(new ApiTransport(apiUrl, apiKey, Duration.ofSeconds(60)));
    }

    public ApiTransport api() {
        return api;
    }

    // ---- runs ----------------------------------------------------------------------------------

    @Override
    public RunRow createRun(RunRow run) {
        Objects.requireNonNull(run, "run");
        return run.kind() == RunKind.FLOW ? createFlowRun(run) : createTaskRun(run);
    }

    private RunRow createFlowRun(RunRow run) {
        if (run.flowName() == null || run.flowName().isBlank()) {
            throw new OrionException("a flow run needs the name of its flow");
        }
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
        ApiTransport.Answer a = api.call("POST", "/flow_runs/", body, null);
        RunRow row = ApiCodec.run(a.body(), RunKind.FLOW, run.flowName());
        if (run.infrastructurePid() != null && !run.infrastructurePid().equals(row.infrastructurePid())) {
            // Prefect's FlowRunCreate has no infrastructure pid: it is set as a worker sets it.
            api.patch("/flow_runs/" + row.id(), Map.of("infrastructure_pid", run.infrastructurePid()));
            RunRow.Builder b = row.toBuilder();
            b.infrastructurePid = run.infrastructurePid();
            row = b.build();
        }
        boolean isNew = a.status() == 201 || ownKey.equals(row.idempotencyKey());
        noteFresh(row);
        return created(row, isNew);
    }

    private RunRow createTaskRun(RunRow run) {
        if (run.flowRunId() == null || run.taskKey() == null) {
            throw new OrionException("a task run needs its flow run and task key");
        }
        if (freshFlowRuns.containsKey(run.flowRunId())) {
            // No earlier task run can hold this key: the run will be created with this id.
            held.hold(run);
            RunRow.Builder b = run.toBuilder();
            b.state = State.pending();
            b.created = java.time.Instant.now();
            return b.build();
        }
        ObjectNode body = taskRunBody(run);
        RunRow row = postTaskRun(run, body).run();
        return created(row, row.id().equals(run.id()));
    }

    /** A task run's create request as Prefect's client sends it (with its Pending state). */
    private static ObjectNode taskRunBody(RunRow run) {
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.put("id", run.id().toString());
        body.put("name", run.name());
        body.put("flow_run_id", run.flowRunId().toString());
        body.put("task_key", run.taskKey());
        body.put("dynamic_key", run.dynamicKey() == null ? "0" : run.dynamicKey());
        body.set("tags", ApiTransport.MAPPER.valueToTree(run.tags()));
        body.set("empirical_policy", ApiCodec.policy(run.policy()));
        body.set("task_inputs", ApiCodec.taskInputs(run.taskInputs()));
        body.set("state", ApiCodec.state(State.pending()));
        return body;
    }

    /** A task run create's answer: the run, and the answer to a proposal that rode on it, if any. */
    private record TaskRunCreated(RunRow run, JsonNode thenAnswer) {
    }

    private TaskRunCreated postTaskRun(RunRow run, ObjectNode body) {
        try {
            JsonNode answer = api.call("POST", "/task_runs/", body, null).body();
            return new TaskRunCreated(ApiCodec.run(answer, RunKind.TASK, run.flowName()),
                    answer.get("orion_then_set_state_result"));
        } catch (ApiCallException e) {
            throw e.status() == 404 ? new NoSuchRunException(RunKind.FLOW, run.flowRunId()) : e;
        }
    }

    /** Sends a held create on its own (its Running proposal did not come in time, or another call needs the run). */
    private void sendHeldCreate(HeldTaskRunCreates.Held h, boolean pendingAnswered) {
        RunRow row = postTaskRun(h.run, taskRunBody(h.run)).run();
        if (!row.id().equals(h.run.id())) {
            serverIds.put(h.run.id(), row.id());
            if (pendingAnswered) {
                owedPending.add(h.run.id());
            }
        } else if (!pendingAnswered) {
            created(row, true);
        }
    }

    /** Sends a held create with the run's Running proposal riding on it; answers that proposal. */
    private OrchestrationResult sendHeldCreateWith(HeldTaskRunCreates.Held h, State running) {
        ObjectNode body = taskRunBody(h.run);
        ObjectNode then = body.putObject("orion_then_set_state");
        then.set("state", ApiCodec.state(running));
        then.put("force", false);
        TaskRunCreated c = held.send(h, () -> postTaskRun(h.run, body));
        if (!c.run().id().equals(h.run.id())) {
            // The server had this task run already (the flow run is being executed elsewhere too):
            // go on with that run as the engine would have, Pending first.
            serverIds.put(h.run.id(), c.run().id());
            OrchestrationResult pending = proposeNow(c.run().id(), RunKind.TASK,
                    State.pending().withTransitionId(Ids.next()), false);
            return pending.isAccepted() ? proposeNow(c.run().id(), RunKind.TASK, running, false) : pending;
        }
        if (c.thenAnswer() == null || c.thenAnswer().isNull()) {
            // A server that does not know the extension created the run only.
            return proposeNow(h.run.id(), RunKind.TASK, running, false);
        }
        return answer(c.thenAnswer(), running.details().transitionId());
    }

    /** A new run holds the Pending state its create request wrote; an existing one whatever it had. */
    private RunRow created(RunRow row, boolean isNew) {
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
        UUID runId = settle(localId, kind);
        try {
            api.delete(path(kind) + runId);
            return true;
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
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
        noteFresh(row);
        return Optional.of(row);
    }

    /** A flow run that never entered Running has no task runs yet. */
    private void noteFresh(RunRow row) {
        if (row.kind() == RunKind.FLOW && row.runCount() == 0 && (row.state() == null || !row.state().isTerminal())) {
            freshFlowRuns.putIfAbsent(row.id(), 0);
        }
    }

    /** A flow run entering Running a second time (a retry, a resume) may find its task runs from before. */
    private void enteredRunning(UUID flowRunId) {
        freshFlowRuns.computeIfPresent(flowRunId, (id, starts) -> starts == 0 ? 1 : null);
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
        held.settleAll(r -> flowRunId.equals(r.flowRunId()));
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
        HeldTaskRunCreates.Held h = kind == RunKind.TASK ? held.find(runId) : null;
        if (h != null && !force && isFirstPending(proposed) && h.answerPending()) {
            return new OrchestrationResult(ResultStatus.ACCEPT, State.pending(), null);
        }
        if (h != null && !force && proposed.is(StateType.RUNNING)) {
            int phase = h.claim();
            if (phase == HeldTaskRunCreates.Held.PENDING_ANSWERED) {
                return sendHeldCreateWith(h, proposed);
            }
            if (phase == HeldTaskRunCreates.Held.HELD) {
                held.send(h, () -> {
                    sendHeldCreate(h, false);
                    return null;
                });
            }
        }
        UUID target = settle(runId, kind);
        if (owedPending.remove(runId)) {
            OrchestrationResult pending = proposeNow(target, kind, State.pending().withTransitionId(Ids.next()),
                    false);
            if (!pending.isAccepted()) {
                return pending;
            }
        }
        OrchestrationResult r = proposeNow(target, kind, proposed, force);
        if (kind == RunKind.FLOW && r.isAccepted()) {
            if (proposed.is(StateType.RUNNING)) {
                enteredRunning(runId);
            } else if (r.state() != null && r.state().isTerminal()) {
                freshFlowRuns.remove(runId);
            }
        }
        return r;
    }

    private static boolean isFirstPending(State proposed) {
        return proposed.is(StateType.PENDING) && "Pending".equals(proposed.name());
    }

    private OrchestrationResult proposeNow(UUID runId, RunKind kind, State proposed, boolean force) {
        if (!force && isFirstPending(proposed)) {
            State created = createdPending.remove(runId);
            if (created != null) {
                return new OrchestrationResult(ResultStatus.ACCEPT, created, null);
            }
        } else {
            createdPending.remove(runId);
        }
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.set("state", ApiCodec.state(proposed));
        body.put("force", force);
        AtomicBoolean maybeDelivered = new AtomicBoolean();
        UUID transitionId = proposed.details().transitionId();
        String path = path(kind) + runId + "/set_state";
        while (true) {
            JsonNode answer;
            try {
                answer = api.send("POST", path, body, delivered -> maybeDelivered.compareAndSet(false, delivered));
            } catch (ApiCallException e) {
                throw e.status() == 404 ? new NoSuchRunException(kind, runId) : e;
            }
            OrchestrationResult r = answer(answer, transitionId);
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

    /** A {@code set_state} answer; a retried proposal the server had already accepted counts as accepted. */
    private static OrchestrationResult answer(JsonNode answer, UUID transitionId) {
        OrchestrationResult r = ApiCodec.result(answer);
        if (transitionId != null && r.status() == ResultStatus.REJECT && r.state() != null
                && transitionId.equals(r.state().details().transitionId())) {
            // PreventDuplicateTransitions rejected our own transition: it was written before.
            return new OrchestrationResult(ResultStatus.ACCEPT, r.state(), null);
        }
        return r;
    }

    /** Makes sure a task run whose create was held has reached the server; answers the id the server knows it by. */
    private UUID settle(UUID runId, RunKind kind) {
        if (kind != RunKind.TASK) {
            return runId;
        }
        held.settle(runId);
        return serverIds.getOrDefault(runId, runId);
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
        held.settleAll(r -> true);
        logs.flush();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            held.close();
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

    private static JsonNode call(RunKind kind, UUID runId, java.util.function.Supplier<JsonNode> request) {
        try {
            return request.get();
        } catch (ApiCallException e) {
            throw e.status() == 404 ? new NoSuchRunException(kind, runId) : e;
        }
    }
}
