package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.orchestration.NewRuns;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.RunService;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.model.EmpiricalPolicyJson;
import dev.orion.host.server.model.FlowRunJson;
import dev.orion.host.server.model.StateCreateJson;
import dev.orion.host.services.Entrypoint;
import dev.orion.host.services.NewDeployments;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterField;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.ScheduledRunStore;
import dev.orion.host.store.WorkPoolRecord;
import dev.orion.host.store.WorkPoolStore;
import dev.orion.host.util.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/deployments/}: create (or update by flow and name), read, delete, filter, create a
 * flow run from one, and switch its schedule on and off.
 */
public final class DeploymentsApi implements ApiRoutes {

    /** The fields a deployment filter takes. */
    public static final Map<String, FilterField> FIELDS = Map.of(
            "id", FilterField.of("id", FilterField.Kind.ID),
            "name", FilterField.of("name", FilterField.Kind.TEXT),
            "tags", FilterField.of("tags", FilterField.Kind.TAGS),
            "is_schedule_active", FilterField.of("is_schedule_active", FilterField.Kind.FLAG),
            "work_queue_name", FilterField.of("work_queue_name", FilterField.Kind.TEXT));

    /** The body of {@code POST /api/deployments/} (Prefect's {@code DeploymentCreate}, the fields Orion keeps). */
    public record DeploymentCreate(String name, UUID flowId, JsonNode schedule, Boolean isScheduleActive,
                                   JsonNode parameters, List<String> tags, String workQueueName, String description,
                                   String entrypoint, String path, String version, JsonNode infraOverrides,
                                   JsonNode parameterOpenapiSchema, String manifestPath, UUID storageDocumentId,
                                   UUID infrastructureDocumentId, String workPoolName,
                                   Boolean enforceParameterSchema, JsonNode pullSteps) {
    }

    /** The body of {@code POST /api/deployments/{id}/create_flow_run}. */
    public record RunCreate(String name, JsonNode parameters, List<String> tags, StateCreateJson state,
                            String idempotencyKey, JsonNode context, UUID parentTaskRunId, EmpiricalPolicyJson empiricalPolicy,
                            UUID infrastructureDocumentId, String workQueueName, JsonNode jobVariables) {
    }

    /** The body of {@code POST /api/deployments/get_scheduled_flow_runs}, which a served flow polls. */
    public record ScheduledRunsPoll(List<UUID> deploymentIds, Instant scheduledBefore, Integer limit) {
    }

    private final ServerContext ctx;
    private final RunService runs;
    private final ScheduledRunStore scheduled;
    private final WorkPoolStore pools;

    public DeploymentsApi(ServerContext ctx) {
        this.ctx = ctx;
        this.runs = new RunService(ctx);
        this.scheduled = new ScheduledRunStore(ctx.db());
        this.pools = new WorkPoolStore(ctx.db());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/deployments", c -> {
            DeploymentCreate body = Requests.body(c, DeploymentCreate.class);
            Requests.json(c, 201, json(ctx.deployments().save(toRecord(body))));
        });
        routes.get("/api/deployments/{id}", c -> Requests.ok(c, json(find(Requests.id(c, "id")))));
        routes.get("/api/deployments/name/{flow}/{name}", c -> {
            String full = c.pathParam("flow") + "/" + c.pathParam("name");
            Requests.ok(c, json(ctx.deployments().named(full).stream().findFirst()
                    .orElseThrow(() -> new NotFoundException("deployment", full))));
        });
        routes.delete("/api/deployments/{id}", c -> {
            UUID id = Requests.id(c, "id");
            if (!ctx.deployments().delete(id)) {
                throw new NotFoundException("deployment", id);
            }
            c.status(204);
        });
        routes.post("/api/deployments/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), FilterRequest.PREFECT_ENTITIES);
            var page = f.page(Map.of("NAME_ASC", "name", "NAME_DESC", "name DESC", "CREATED_DESC", "created DESC"), "NAME_ASC");
            var where = where(f);
            Requests.ok(c, ctx.db().query("SELECT id FROM deployment WHERE " + where.sql() + " ORDER BY " + page.orderBy()
                    + " LIMIT " + page.limit() + " OFFSET " + page.offset(), ps -> FilterQueries.bind(ps, where, 0),
                    rs -> UUID.fromString(rs.getString(1))).stream().map(this::find).map(DeploymentsApi::json).toList());
        });
        routes.post("/api/deployments/get_scheduled_flow_runs", c -> {
            ScheduledRunsPoll poll = Requests.body(c, ScheduledRunsPoll.class);
            if (poll.deploymentIds() == null) {
                throw new InvalidRequestException("'deployment_ids' is required: the deployments to get scheduled runs for");
            }
            int limit = poll.limit() == null ? FilterRequest.MAX_LIMIT : poll.limit();
            if (limit < 0 || limit > FilterRequest.MAX_LIMIT) {
                throw new InvalidRequestException("'limit' must be from 0 to " + FilterRequest.MAX_LIMIT + ", got " + limit);
            }
            Instant before = poll.scheduledBefore() == null ? Instant.now() : poll.scheduledBefore();
            Requests.ok(c, scheduled.dueFor(poll.deploymentIds(), before, limit).stream()
                    .map(id -> FlowRunJson.of(runs.read(id, RunKind.FLOW))).toList());
        });
        routes.post("/api/deployments/{id}/set_schedule_active", c -> setActive(c.pathParam("id"), true, c));
        routes.post("/api/deployments/{id}/set_schedule_inactive", c -> setActive(c.pathParam("id"), false, c));
        routes.post("/api/deployments/{id}/create_flow_run", c -> {
            DeploymentRecord d = find(Requests.id(c, "id"));
            RunCreate body = Requests.body(c, RunCreate.class);
            RunService.Created created = runs.create(toRun(d, body),
                    body.state() == null ? State.scheduled(Instant.now()) : body.state().toState());
            Requests.json(c, 201, FlowRunJson.of(created.run()));
        });
    }

    /** Deployments matched by a deployment filter and by Prefect's other sub-filters. */
    private static Filter where(FilterRequest f) {
        Filter w = f.filter("deployments", FIELDS);
        if (f.has("flows")) {
            w = w.and(Filter.in("flow_id", "SELECT id FROM flow", f.filter("flows", FilterQueries.FLOW_FIELDS)));
        }
        if (f.has("flow_runs") || f.has("task_runs")) {
            w = w.and(Filter.in("id", "SELECT deployment_id FROM flow_run",
                    FlowRunsApi.where(f.without("flows", "deployments", "work_pools", "work_queues", "work_pool_queues"))));
        }
        return w.and(FlowRunsApi.inQueues(f));
    }

    private void setActive(String rawId, boolean active, Context c) {
        UUID id = Requests.id(c, "id");
        if (!ctx.deployments().setScheduleActive(id, active)) {
            throw new NotFoundException("deployment", rawId);
        }
        c.status(200);
    }

    private DeploymentRecord find(UUID id) {
        return ctx.deployments().find(id).orElseThrow(() -> new NotFoundException("deployment", id));
    }

    private DeploymentRecord toRecord(DeploymentCreate b) {
        if (b.flowId() == null) {
            throw new InvalidRequestException("a deployment needs a 'flow_id'");
        }
        var flow = ctx.queries().flow(b.flowId()).orElseThrow(() -> new NotFoundException("flow", b.flowId()));
        if (b.parameters() != null && !b.parameters().isNull() && !b.parameters().isObject()) {
            throw new InvalidRequestException("'parameters' must be an object, got " + b.parameters());
        }
        DeploymentRecord d;
        try {
            d = NewDeployments.of(b.name(), flow.id(), flow.name(), b.description(),
                    b.entrypoint(), b.path(), b.schedule(), b.isScheduleActive(),
                    b.parameters() == null || b.parameters().isNull() ? null : b.parameters().toString(), b.tags(),
                    b.workQueueName());
        } catch (OrionException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        String queue = d.workQueueName();
        if (b.workPoolName() != null && !b.workPoolName().equals(WorkPoolStore.DEFAULT_POOL)) {
            WorkPoolRecord pool = pools.named(b.workPoolName())
                    .orElseThrow(() -> new NotFoundException("work pool", b.workPoolName()));
            queue = WorkPoolsApi.queueIn(ctx, pools, pool, queue).name();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", b.version());
        fields.put("work_pool_name", b.workPoolName());
        fields.put("parameter_openapi_schema", b.parameterOpenapiSchema());
        fields.put("pull_steps", b.pullSteps());
        fields.put("infra_overrides", b.infraOverrides() == null || b.infraOverrides().isNull() ? Map.of() : b.infraOverrides());
        fields.put("storage_document_id", b.storageDocumentId());
        fields.put("infrastructure_document_id", b.infrastructureDocumentId());
        fields.put("manifest_path", b.manifestPath());
        fields.put("enforce_parameter_schema", Boolean.TRUE.equals(b.enforceParameterSchema()));
        return d.withPrefectFields(queue, Json.write(fields));
    }

    /** Refuses (422) an entrypoint that names a file outside the workers' flows root. */
    static String checked(String entrypoint) {
        try {
            Entrypoint.parse(entrypoint);
            return entrypoint;
        } catch (Entrypoint.InvalidEntrypointException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private static RunRow toRun(DeploymentRecord d, RunCreate b) {
        RunRow.Builder r = NewRuns.fromDeployment(d, b.parameters(), b.tags(), b.workQueueName());
        r.name = b.name();
        r.policy = b.empiricalPolicy() == null ? null : b.empiricalPolicy().toPolicy();
        r.idempotencyKey = b.idempotencyKey();
        return r.build();
    }

    /** A deployment as answered (Prefect 2.14's {@code DeploymentResponse} fields Orion has). */
    public static Map<String, Object> json(DeploymentRecord d) {
        JsonNode extra = Json.read(d.prefectFields(), JsonNode.class);
        String pool = extra.path("work_pool_name").textValue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("created", d.created());
        m.put("updated", d.updated());
        m.put("name", d.name());
        m.put("version", extra.path("version").textValue());
        m.put("description", d.description());
        m.put("flow_id", d.flowId());
        m.put("flow_name", d.flowName());
        m.put("schedule", d.schedule() == null ? null : Json.read(d.schedule(), JsonNode.class));
        m.put("is_schedule_active", d.scheduleActive());
        m.put("parameters", Json.read(d.parameters(), JsonNode.class));
        m.put("tags", d.tags().stream().sorted().toList());
        m.put("work_queue_name", WorkPoolStore.localName(d.workQueueName(), pool));
        m.put("entrypoint", d.entrypoint());
        m.put("path", d.path());
        m.put("infra_overrides", extra.has("infra_overrides") ? extra.get("infra_overrides") : Map.of());
        m.put("work_pool_name", pool);
        for (String field : List.of("parameter_openapi_schema", "pull_steps", "storage_document_id",
                "infrastructure_document_id", "manifest_path", "enforce_parameter_schema")) {
            JsonNode v = extra.get(field);
            m.put(field, v == null || v.isNull() ? null : v);
        }
        return m;
    }
}
