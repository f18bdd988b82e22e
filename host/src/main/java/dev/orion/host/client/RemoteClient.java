package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.host.artifacts.Artifacts;
import dev.orion.host.limits.GlobalLimitAdmin;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.replay.PolicyReplay;
import dev.orion.host.replay.ReplayReport;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.FilterCompiler;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.StateRow;
import dev.orion.host.store.WorkPoolStore;
import dev.orion.host.store.WorkQueueRecord;
import dev.orion.host.util.Json;
import dev.orion.host.variables.Variables;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@link OrionClient} of the server at {@code ORION_API_URL}: its REST API, through the same
 * {@link HttpOrchestrator} and {@link ApiTransport} (with its retry window) the engine reports with.
 * Thread-safe.
 */
public final class RemoteClient implements OrionClient {

    private static final int PAGE = 200;

    private final HttpOrchestrator orchestrator;
    private final ApiTransport api;
    private final Runnable onClose;

    /**
     * A client speaking through {@code orchestrator}'s transport.
     *
     * @param onClose what closing this client releases (nothing when the orchestrator's owner closes it)
     */
    public RemoteClient(HttpOrchestrator orchestrator, Runnable onClose) {
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.api = orchestrator.api();
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    /**
     * A client of the server at {@code apiUrl}, with {@code apiKey} as Bearer token when present,
     * retrying an unreachable server for {@code ORION_API_RETRY_WINDOW}.
     */
    public static RemoteClient connect(String apiUrl, Optional<String> apiKey) {
        HttpOrchestrator orchestrator = new HttpOrchestrator(new ApiTransport(apiUrl, apiKey));
        return new RemoteClient(orchestrator, orchestrator::close);
    }

    @Override
    public String target() {
        return api.apiUrl();
    }

    // ---- runs, states, logs ------------------------------------------------------------------

    @Override
    public List<RunRow> flowRuns(int limit, StateType type, String flowName) {
        List<RunRow> out = new ArrayList<>();
        for (int offset = 0; out.size() < limit; offset += PAGE) {
            ObjectNode body = ApiTransport.MAPPER.createObjectNode();
            if (type != null) {
                body.putObject("flow_runs").putObject("state").putObject("type").putArray("any_").add(type.name());
            }
            if (flowName != null) {
                body.putObject("flows").putObject("name").putArray("any_").add(flowName);
            }
            body.put("sort", "CREATED_DESC"); // newest first, as the embedded store lists them
            body.put("limit", Math.min(PAGE, limit - out.size()));
            body.put("offset", offset);
            List<RunRow> page = orchestrator.readFlowRuns(body);
            out.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
        }
        return out;
    }

    @Override
    public Optional<RunRow> flowRun(UUID id) {
        return orchestrator.readRun(id, RunKind.FLOW);
    }

    /** The API's states carry no rule: each takes the rule and reason of the decision that wrote it. */
    @Override
    public List<StateRow> states(UUID runId, RunKind kind) {
        Map<Instant, DecisionRow> wrote = new HashMap<>();
        for (DecisionRow d : orchestrator.readDecisions(runId, kind)) {
            if (d.resultType() != null && d.timestamp() != null) {
                wrote.put(d.timestamp(), d);
            }
        }
        return orchestrator.readStates(runId, kind).stream().map(s -> {
            DecisionRow d = wrote.get(s.state().timestamp());
            return d == null || d.resultType() != s.state().type() ? s
                    : new StateRow(s.id(), s.runId(), s.kind(), s.state(), d.rule(), d.reason());
        }).toList();
    }

    @Override
    public List<DecisionRow> decisions(UUID runId, RunKind kind) {
        return orchestrator.readDecisions(runId, kind);
    }

    @Override
    public List<RunRow> taskRuns(UUID flowRunId) {
        return orchestrator.readTaskRuns(flowRunId);
    }

    @Override
    public List<RunRow> taskRuns(UUID flowRunId, int offset, int limit) {
        orchestrator.flush(); // task runs this process is still creating count too
        List<RunRow> out = new ArrayList<>();
        for (int at = offset; out.size() < limit; at += PAGE) {
            int want = Math.min(PAGE, limit - out.size());
            ObjectNode body = taskRunsOf(flowRunId);
            body.put("sort", "EXPECTED_START_TIME_ASC");
            body.put("limit", want);
            body.put("offset", at);
            JsonNode page = api.post("/task_runs/filter", body);
            page.forEach(t -> out.add(ApiCodec.run(t, RunKind.TASK, null)));
            if (page.size() < want) {
                break;
            }
        }
        return out;
    }

    @Override
    public long taskRunCount(UUID flowRunId) {
        orchestrator.flush();
        return api.post("/task_runs/count", taskRunsOf(flowRunId)).asLong();
    }

    private static ObjectNode taskRunsOf(UUID flowRunId) {
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.putObject("task_runs").putObject("flow_run_id").putArray("any_").add(flowRunId.toString());
        return body;
    }

    @Override
    public List<LogRow> logs(UUID flowRunId) {
        List<LogRow> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            ObjectNode body = ApiTransport.MAPPER.createObjectNode();
            body.putObject("logs").putObject("flow_run_id").putArray("any_").add(flowRunId.toString());
            body.put("sort", "TIMESTAMP_ASC");
            body.put("limit", PAGE);
            body.put("offset", offset);
            JsonNode page = api.post("/logs/filter", body);
            page.forEach(n -> out.add(new LogRow(flowRunId, ApiCodec.uuid(n, "task_run_id"),
                    FilterCompiler.levelName(n.path("level").asInt(20)), n.path("name").asText(null),
                    n.path("message").asText(""), Instant.parse(n.get("timestamp").asText()))));
            if (page.size() < PAGE) {
                return out;
            }
        }
    }

    @Override
    public List<RunRow> queuedRuns(String workQueueName, int limit) {
        return orchestrator.readFlowRuns(ApiTransport.MAPPER.valueToTree(Map.of("flow_runs", Map.of(
                        "work_queue_name", Map.of("any_", List.of(workQueueName)),
                        "state", Map.of("type", Map.of("any_", List.of("SCHEDULED", "PENDING", "RUNNING", "CANCELLING")))),
                "sort", "EXPECTED_START_TIME_ASC", "limit", limit)));
    }

    @Override
    public List<RunRow> deploymentRuns(UUID deploymentId, int limit) {
        return orchestrator.readFlowRuns(ApiTransport.MAPPER.valueToTree(Map.of("deployments",
                Map.of("id", Map.of("any_", List.of(deploymentId.toString()))),
                "sort", "EXPECTED_START_TIME_DESC", "limit", limit)));
    }

    @Override
    public OrchestrationResult propose(UUID runId, RunKind kind, State state) {
        return orchestrator.propose(runId, kind, state, false);
    }

    @Override
    public OrchestrationResult resume(UUID flowRunId) {
        return ApiCodec.result(found(RunKind.FLOW, flowRunId, () -> api.post("/flow_runs/" + flowRunId + "/resume", null)));
    }

    // ---- deployments -------------------------------------------------------------------------

    @Override
    public DeploymentRecord deploy(DeploymentSpec spec) {
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.put("name", spec.name());
        body.put("flow_id", api.post("/flows/", Map.of("name", spec.flowName())).get("id").asText());
        body.put("entrypoint", spec.entrypoint());
        if (spec.workQueueName() != null) {
            body.put("work_queue_name", spec.workQueueName());
        }
        body.set("parameters", ApiTransport.MAPPER.valueToTree(spec.parameters()));
        body.set("tags", ApiTransport.MAPPER.valueToTree(spec.tags()));
        if (spec.schedule() != null) {
            body.set("schedule", spec.schedule());
        }
        DeploymentRecord saved = deployment(api.post("/deployments/", body));
        try {
            api.post("/work_queues/", Map.of("name", saved.workQueueName()));
        } catch (ApiCallException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        return saved;
    }

    @Override
    public List<DeploymentRecord> deployments() {
        return deployments(Map.of("limit", PAGE));
    }

    @Override
    public Optional<DeploymentRecord> deployment(UUID id) {
        return optional(() -> deployment(api.get("/deployments/" + id)));
    }

    @Override
    public List<DeploymentRecord> deploymentsNamed(String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            return optional(() -> deployment(api.get("/deployments/name/" + encode(name.substring(0, slash)) + "/"
                    + encode(name.substring(slash + 1))))).stream().toList();
        }
        return deployments(Map.of("deployments", Map.of("name", Map.of("any_", List.of(name)))));
    }

    @Override
    public boolean setScheduleActive(UUID deploymentId, boolean active) {
        return found(() -> api.post("/deployments/" + deploymentId
                + (active ? "/set_schedule_active" : "/set_schedule_inactive"), null));
    }

    @Override
    public boolean deleteDeployment(UUID deploymentId) {
        return found(() -> api.delete("/deployments/" + deploymentId));
    }

    @Override
    public RunRow createFlowRun(DeploymentRecord deployment, Map<String, Object> parameters) {
        JsonNode run = api.post("/deployments/" + deployment.id() + "/create_flow_run", Map.of("parameters", parameters));
        return ApiCodec.run(run, RunKind.FLOW, deployment.flowName());
    }

    private List<DeploymentRecord> deployments(Map<String, Object> filter) {
        List<DeploymentRecord> out = new ArrayList<>();
        api.post("/deployments/filter", filter).forEach(d -> out.add(deployment(d)));
        return out;
    }

    private static DeploymentRecord deployment(JsonNode d) {
        JsonNode schedule = d.get("schedule");
        return new DeploymentRecord(ApiCodec.uuid(d, "id"), d.get("name").asText(), ApiCodec.uuid(d, "flow_id"),
                ApiCodec.text(d, "flow_name"), ApiCodec.text(d, "description"), ApiCodec.text(d, "entrypoint"),
                ApiCodec.text(d, "path"),
                schedule == null || schedule.isNull() ? null : schedule.toString(),
                d.path("is_schedule_active").asBoolean(true),
                d.path("parameters").isObject() ? d.get("parameters").toString() : "{}", tags(d),
                ApiCodec.text(d, "work_queue_name"), ApiCodec.time(d, "created"), ApiCodec.time(d, "updated"));
    }

    // ---- work queues -------------------------------------------------------------------------

    @Override
    public WorkQueueRecord createWorkQueue(String name, Integer concurrencyLimit, List<String> tags) {
        ObjectNode body = ApiTransport.MAPPER.createObjectNode();
        body.put("name", name);
        if (concurrencyLimit != null) {
            body.put("concurrency_limit", concurrencyLimit);
        }
        body.set("tags", ApiTransport.MAPPER.valueToTree(tags == null ? List.of() : tags));
        try {
            return workQueue(api.post("/work_queues/", body));
        } catch (ApiCallException e) {
            if (e.status() == 409) {
                throw new OrionException("a work queue named '" + name + "' exists; see orion work-queue ls");
            }
            throw e;
        }
    }

    @Override
    public List<WorkQueueRecord> workQueues() {
        List<WorkQueueRecord> out = new ArrayList<>();
        api.post("/work_queues/filter", Map.of()).forEach(q -> out.add(workQueue(q)));
        return out;
    }

    @Override
    public Optional<WorkQueueRecord> workQueue(String name) {
        return optional(() -> workQueue(api.get("/work_queues/name/" + encode(name))));
    }

    @Override
    public WorkQueueRecord setPaused(UUID workQueueId, boolean paused) {
        api.patch("/work_queues/" + workQueueId, Map.of("is_paused", paused));
        return workQueue(api.get("/work_queues/" + workQueueId));
    }

    private static WorkQueueRecord workQueue(JsonNode q) {
        // A queue of another pool than Prefect's default one is known to Orion as POOL/QUEUE.
        String name = WorkPoolStore.queueKey(ApiCodec.text(q, "work_pool_name"), q.get("name").asText());
        return new WorkQueueRecord(ApiCodec.uuid(q, "id"), name, ApiCodec.text(q, "description"),
                q.path("is_paused").asBoolean(), q.hasNonNull("concurrency_limit") ? q.get("concurrency_limit").asInt() : null,
                q.path("priority").asInt(1), tags(q), ApiCodec.time(q, "last_polled"), ApiCodec.time(q, "created"),
                ApiCodec.time(q, "updated"));
    }

    // ---- concurrency limits ------------------------------------------------------------------

    @Override
    public ConcurrencyLimit upsertLimit(String tag, int limit) {
        return limit(api.post("/concurrency_limits/", Map.of("tag", tag, "concurrency_limit", limit)));
    }

    @Override
    public List<ConcurrencyLimit> limits() {
        List<ConcurrencyLimit> out = new ArrayList<>();
        api.post("/concurrency_limits/filter", Map.of("limit", PAGE)).forEach(n -> out.add(limit(n)));
        return out;
    }

    @Override
    public Optional<ConcurrencyLimit> limit(String tag) {
        return optional(() -> limit(api.get("/concurrency_limits/tag/" + encode(tag))));
    }

    @Override
    public boolean deleteLimit(String tag) {
        return found(() -> api.delete("/concurrency_limits/tag/" + encode(tag)));
    }

    private static ConcurrencyLimit limit(JsonNode n) {
        List<UUID> slots = new ArrayList<>();
        n.path("active_slots").forEach(s -> slots.add(UUID.fromString(s.asText())));
        return new ConcurrencyLimit(n.path("tag").asText(), n.path("concurrency_limit").asInt(), slots);
    }

    // ---- variables, secrets, global concurrency limits ------------------------------------------

    @Override
    public Variables variables() {
        return new RemoteVariables(api);
    }

    @Override
    public Artifacts artifacts() {
        return new RemoteArtifacts(api);
    }

    @Override
    public Secrets secrets() {
        return new RemoteSecrets(api);
    }

    @Override
    public GlobalLimitAdmin globalLimits() {
        return new RemoteGlobalLimitAdmin(api);
    }

    // ---- policy ------------------------------------------------------------------------------

    /** {@code GET /api/policy}; the API's {@code *} is what a client calls {@link PolicyView#ANY}. */
    @Override
    public PolicyView policy() {
        JsonNode policy = api.get("/policy");
        List<PolicyView.Failure> failed = new ArrayList<>();
        policy.path("failed").forEach(f -> failed.add(new PolicyView.Failure(f.path("source").asText(),
                f.path("reason").asText())));
        List<String> problems = new ArrayList<>();
        policy.path("problems").forEach(p -> problems.add(p.asText()));
        return new PolicyView(rules(policy.path("flow")), rules(policy.path("task")), failed, problems);
    }

    private static List<PolicyView.Rule> rules(JsonNode rules) {
        List<PolicyView.Rule> out = new ArrayList<>();
        rules.forEach(r -> out.add(new PolicyView.Rule(r.path("name").asText(), states(r.path("from")),
                states(r.path("to")), r.path("description").asText(""), r.path("source").asText())));
        return out;
    }

    private static List<String> states(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add("*".equals(s.asText()) ? PolicyView.ANY : s.asText()));
        return List.copyOf(out);
    }

    /** {@code POST /api/policy/replay}: the server's history, its plugin and script rules, the candidate's overrides. */
    @Override
    public Replay replay(PolicyOverrides candidate, Instant since, PolicyReplay.Progress progress) {
        JsonNode answer = api.post("/policy/replay", Map.of("policy", Json.MAPPER.valueToTree(candidate),
                "since", since.toString()));
        List<String> problems = new ArrayList<>();
        answer.path("problems").forEach(p -> problems.add(p.asText()));
        return new Replay(ApiTransport.MAPPER.convertValue(answer.get("report"), ReplayReport.class), problems);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Set<String> tags(JsonNode n) {
        Set<String> tags = new LinkedHashSet<>();
        n.path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The answer, or empty on 404. */
    private static <T> Optional<T> optional(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the call found what it addressed (false on 404). */
    private static boolean found(Runnable call) {
        try {
            call.run();
            return true;
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static JsonNode found(RunKind kind, UUID id, Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (ApiCallException e) {
            throw e.status() == 404 ? new NoSuchRunException(kind, id) : e;
        }
    }

    @Override
    public void close() {
        onClose.run();
    }
}
