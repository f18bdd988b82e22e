package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultDetails;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.ConflictException;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.RunService;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.WorkerFence;
import dev.orion.host.server.model.EmpiricalPolicyJson;
import dev.orion.host.server.model.FlowRunCreateJson;
import dev.orion.host.server.model.FlowRunJson;
import dev.orion.host.server.model.OrchestrationResultJson;
import dev.orion.host.services.EmbeddedClient;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.WorkPoolStore;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/flow_runs/}: create (with the client's first state; idempotent on
 * {@code idempotency_key}), read, update, delete, filter, count, resume a paused run, record a
 * worker's heartbeat (answering the run's state, so a worker learns of a cancel), and the state
 * endpoints shared with task runs ({@link RunStateRoutes}).
 */
public final class FlowRunsApi implements ApiRoutes {

    /**
     * The body of {@code PATCH /api/flow_runs/{id}} (Prefect's {@code FlowRunUpdate}), plus
     * {@code context}, where Orion's client records the flow's entrypoint ({@code orion_entrypoint}).
     */
    public record FlowRunUpdate(String name, String flowVersion, JsonNode parameters, EmpiricalPolicyJson empiricalPolicy,
                                List<String> tags, String infrastructurePid, JsonNode jobVariables, JsonNode context) {
    }

    static final Set<String> ENTITIES = FilterRequest.PREFECT_ENTITIES;

    /** The query parameter of a create that asks for the first state to be proposed, not forced. */
    public static final String DECIDE_FIRST_STATE = "decide_first_state";

    private final ServerContext ctx;
    private final RunService runs;

    public FlowRunsApi(ServerContext ctx) {
        this.ctx = ctx;
        this.runs = new RunService(ctx);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/flow_runs", c -> {
            FlowRunCreateJson body = Requests.body(c, FlowRunCreateJson.class);
            RunRow run = toRun(body);
            State initial = body.state() == null ? State.pending() : body.state().toState();
            // Prefect forces a new run's first state; Orion's own client asks for it to be decided by the policy.
            RunService.Created created = "true".equals(c.queryParam(DECIDE_FIRST_STATE))
                    ? runs.createDecided(run, initial) : runs.create(run, initial);
            Requests.json(c, created.isNew() ? 201 : 200, FlowRunJson.of(created.run()));
        });
        routes.get("/api/flow_runs/{id}", c -> Requests.ok(c, FlowRunJson.of(stored(Requests.id(c, "id")))));
        routes.patch("/api/flow_runs/{id}", c -> {
            UUID id = Requests.id(c, "id");
            FlowRunUpdate body = Requests.body(c, FlowRunUpdate.class);
            if (body.context() != null && body.context().path(FlowRunJson.ENTRYPOINT).isTextual()) {
                DeploymentsApi.checked(body.context().get(FlowRunJson.ENTRYPOINT).asText());
            }
            stored(id);
            ctx.orchestrator().updateRun(id, RunKind.FLOW, run -> {
                RunRow.Builder b = run.toBuilder();
                if (body.name() != null) {
                    b.name = body.name();
                }
                if (body.parameters() != null) {
                    b.parameters = body.parameters().toString();
                }
                if (body.tags() != null) {
                    b.tags = Set.copyOf(body.tags());
                }
                if (body.infrastructurePid() != null) {
                    b.infrastructurePid = body.infrastructurePid();
                }
                if (body.empiricalPolicy() != null) {
                    // Retry settings only: the orchestrator keeps the pause bookkeeping (RunRow.describing).
                    b.policy = body.empiricalPolicy().toPolicy();
                }
                if (body.context() != null && body.context().path(FlowRunJson.ENTRYPOINT).isTextual()) {
                    b.entrypoint = body.context().get(FlowRunJson.ENTRYPOINT).asText();
                }
                return b.build();
            });
            ctx.db().writer().flush();
            c.status(204);
        });
        routes.delete("/api/flow_runs/{id}", c -> {
            UUID id = Requests.id(c, "id");
            if (!ctx.orchestrator().deleteRun(id, RunKind.FLOW)) {
                throw new NotFoundException("flow run", id);
            }
            c.status(204);
        });
        routes.post("/api/flow_runs/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), ENTITIES);
            Requests.ok(c, ctx.queries().runs(RunKind.FLOW, where(f), f.page(FilterQueries.FLOW_RUN_SORTS, "ID_DESC"))
                    .stream().map(FlowRunJson::of).toList());
        });
        routes.post("/api/flow_runs/count", c -> Requests.ok(c,
                ctx.queries().countRuns(RunKind.FLOW, where(FilterRequest.parse(c.body(), ENTITIES)))));
        routes.post("/api/flow_runs/{id}/resume", c -> {
            UUID id = Requests.id(c, "id");
            RunRow run = runs.read(id, RunKind.FLOW);
            Optional<State> resumed = EmbeddedClient.resumeState(run);
            OrchestrationResult result = resumed.isPresent() ? runs.propose(id, RunKind.FLOW, resumed.get(), false)
                    : new OrchestrationResult(ResultStatus.ABORT, run.state(),
                            new ResultDetails("Cannot resume a flow run that is not paused.", null, null));
            OrchestrationResultJson answer = OrchestrationResultJson.of(result, id, null);
            Requests.json(c, answer.httpStatus(), answer);
        });
        routes.post("/api/flow_runs/{id}/heartbeat", c -> {
            UUID id = Requests.id(c, "id");
            RunRow run = runs.read(id, RunKind.FLOW);
            Optional<String> refused = WorkerFence.refusal(ctx, id, c.header(WorkerFence.HEADER));
            if (refused.isPresent()) {
                throw new ConflictException(refused.get());
            }
            ctx.heartbeats().beat(id, Instant.now());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", id);
            answer.put("state_type", run.state() == null ? null : run.state().type());
            answer.put("state_name", run.state() == null ? null : run.state().name());
            Requests.ok(c, answer);
        });
        new RunStateRoutes(ctx, RunKind.FLOW).register(routes);
    }

    private RunRow stored(UUID id) {
        return ctx.runs().findRun(id, RunKind.FLOW).orElseThrow(() -> new NotFoundException("flow run", id));
    }

    private RunRow toRun(FlowRunCreateJson body) {
        if (body.flowId() == null) {
            throw new InvalidRequestException("a flow run needs a 'flow_id'; create the flow with POST /api/flows/");
        }
        var flow = ctx.queries().flow(body.flowId()).orElseThrow(() -> new NotFoundException("flow", body.flowId()));
        if (body.parameters() != null && !body.parameters().isObject() && !body.parameters().isNull()) {
            throw new InvalidRequestException("'parameters' must be an object, got " + body.parameters());
        }
        RunRow.Builder b = RunRow.builder(UUID.randomUUID(), RunKind.FLOW);
        b.flowName = flow.name();
        b.name = body.name();
        b.parameters = body.parameters() == null || body.parameters().isNull() ? "{}" : body.parameters().toString();
        b.tags = body.tags() == null ? Set.of() : new LinkedHashSet<>(body.tags());
        b.policy = body.empiricalPolicy() == null ? b.policy : body.empiricalPolicy().toPolicy();
        b.parentTaskRunId = body.parentTaskRunId();
        b.deploymentId = body.deploymentId();
        b.idempotencyKey = body.idempotencyKey();
        b.workQueueName = body.workQueueName();
        return b.build();
    }

    static Filter where(FilterRequest f) {
        Filter w = f.filter("flow_runs", FilterQueries.FLOW_RUN_FIELDS);
        if (f.has("flows")) {
            w = w.and(Filter.in("flow_id", "SELECT id FROM flow", f.filter("flows", FilterQueries.FLOW_FIELDS)));
        }
        if (f.has("task_runs")) {
            w = w.and(Filter.in("id", "SELECT flow_run_id FROM task_run", f.filter("task_runs", FilterQueries.TASK_RUN_FIELDS)));
        }
        if (f.has("deployments")) {
            w = w.and(Filter.in("deployment_id", "SELECT id FROM deployment",
                    f.filter("deployments", DeploymentsApi.FIELDS)));
        }
        return w.and(inQueues(f));
    }

    /**
     * The condition on rows with a {@code work_queue_name} (flow runs, deployments) of being in a queue
     * matched by the {@code work_pools} and {@code work_queues} (or {@code work_pool_queues}) filters.
     */
    static Filter inQueues(FilterRequest f) {
        if (!f.has("work_pools") && !f.has("work_queues") && !f.has("work_pool_queues")) {
            return Filter.ALL;
        }
        return WorkPoolStore.runsInQueues(f.filter("work_pools", WorkPoolStore.POOL_FIELDS),
                f.filter("work_queues", WorkPoolStore.QUEUE_FIELDS)
                        .and(f.filter("work_pool_queues", WorkPoolStore.QUEUE_FIELDS)));
    }
}
