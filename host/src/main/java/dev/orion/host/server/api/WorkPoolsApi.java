package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.host.server.ApiJson;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.ConflictException;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.ForbiddenException;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.RunService;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.model.FlowRunJson;
import dev.orion.host.store.Filter;
import dev.orion.host.store.WorkPoolRecord;
import dev.orion.host.store.WorkPoolStore;
import dev.orion.host.store.WorkQueueRecord;
import dev.orion.host.util.Json;
import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Prefect's {@code /api/work_pools/}: pools (create, read by name, filter, count, update, delete),
 * their queues ({@code /{pool}/queues/}), worker heartbeats, and {@code /{pool}/get_scheduled_flow_runs},
 * which Prefect's workers poll. {@code default-agent-pool} holds Orion's own work queues, so
 * {@code orion work-queue} and Prefect's {@code work-pool}/{@code work-queue} commands see the same
 * queues. A pool's concurrency limit is kept, not enforced (its queues' limits are).
 */
public final class WorkPoolsApi implements ApiRoutes {

    /** The body of {@code POST /api/work_pools/}. */
    public record PoolCreate(String name, String description, String type, JsonNode baseJobTemplate, Boolean isPaused,
                             Integer concurrencyLimit) {
    }

    /** The body of {@code POST /api/work_pools/{name}/get_scheduled_flow_runs}. */
    public record ScheduledRunsPoll(List<String> workQueueNames, Instant scheduledBefore, Instant scheduledAfter,
                                    Integer limit) {
    }

    /** The body of {@code POST /api/work_pools/{name}/workers/heartbeat}. */
    public record Heartbeat(String name, Integer heartbeatIntervalSeconds) {
    }

    private final ServerContext ctx;
    private final WorkPoolStore pools;
    private final RunService runs;

    public WorkPoolsApi(ServerContext ctx) {
        this.ctx = ctx;
        this.pools = new WorkPoolStore(ctx.db());
        this.runs = new RunService(ctx);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/work_pools", c -> {
            PoolCreate b = Requests.body(c, PoolCreate.class);
            if (b.name() == null || b.name().isBlank()) {
                throw new InvalidRequestException("a work pool needs a 'name'");
            }
            if (b.name().toLowerCase().startsWith("prefect")) {
                throw new ForbiddenException("work pools starting with 'Prefect' are reserved for internal use; "
                        + "choose another name than '" + b.name() + "'");
            }
            String template = b.baseJobTemplate() == null || b.baseJobTemplate().isNull() ? "{}"
                    : b.baseJobTemplate().toString();
            WorkPoolRecord pool = pools.create(b.name(), b.description(), b.type() == null ? "prefect-agent" : b.type(),
                            template, Boolean.TRUE.equals(b.isPaused()), b.concurrencyLimit())
                    .orElseThrow(() -> new ConflictException("a work pool named '" + b.name() + "' exists"));
            Requests.json(c, 201, json(pool));
        });
        routes.get("/api/work_pools/{name}", c -> Requests.ok(c, json(pool(c.pathParam("name")))));
        routes.post("/api/work_pools/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of("work_pools"));
            var page = f.page(Map.of("NAME_ASC", "p.name"), "NAME_ASC");
            Requests.ok(c, pools.list(f.filter("work_pools", WorkPoolStore.POOL_FIELDS), page.limit(), page.offset())
                    .stream().map(this::json).toList());
        });
        routes.post("/api/work_pools/count", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of("work_pools"));
            Requests.ok(c, pools.list(f.filter("work_pools", WorkPoolStore.POOL_FIELDS), Integer.MAX_VALUE, 0).size());
        });
        routes.patch("/api/work_pools/{name}", c -> {
            WorkPoolRecord pool = pool(c.pathParam("name"));
            JsonNode b = ApiJson.tree(c.body());
            JsonNode limit = b.path("concurrency_limit");
            JsonNode template = b.path("base_job_template");
            pools.update(pool.id(), b.path("description").textValue(),
                    b.path("is_paused").isBoolean() ? b.get("is_paused").booleanValue() : null,
                    template.isObject() ? template.toString() : null,
                    limit.isIntegralNumber() ? limit.intValue() : null, limit.isNull());
            c.status(204);
        });
        routes.delete("/api/work_pools/{name}", c -> {
            WorkPoolRecord pool = pool(c.pathParam("name"));
            if (pool.isDefault()) {
                throw new ForbiddenException("'" + WorkPoolStore.DEFAULT_POOL + "' holds Orion's work queues and cannot be deleted");
            }
            pools.delete(pool);
            c.status(204);
        });
        routes.post("/api/work_pools/{name}/get_scheduled_flow_runs", c -> {
            WorkPoolRecord pool = pool(c.pathParam("name"));
            ScheduledRunsPoll b = Requests.body(c, ScheduledRunsPoll.class);
            int limit = b.limit() == null ? FilterRequest.MAX_LIMIT : b.limit();
            if (limit < 0 || limit > FilterRequest.MAX_LIMIT) {
                throw new InvalidRequestException("'limit' must be from 0 to " + FilterRequest.MAX_LIMIT + ", got " + limit);
            }
            List<String> keys = b.workQueueNames() == null || b.workQueueNames().isEmpty()
                    ? pools.queueKeys(pool, Filter.ALL)
                    : b.workQueueNames().stream().map(n -> WorkPoolStore.queueKey(pool.name(), n)).toList();
            List<Map<String, Object>> out = pool.paused() ? List.of()
                    : pools.dueRuns(keys, b.scheduledBefore() == null ? Instant.now() : b.scheduledBefore(),
                            b.scheduledAfter(), limit).stream().map(id -> {
                        var run = runs.read(id, RunKind.FLOW);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("work_pool_id", pool.id());
                        m.put("work_queue_id", ctx.workQueues().named(run.workQueueName()).map(WorkQueueRecord::id).orElse(null));
                        m.put("flow_run", FlowRunJson.of(run));
                        return m;
                    }).toList();
            Requests.ok(c, out);
        });
        routes.post("/api/work_pools/{name}/workers/heartbeat", c -> {
            WorkPoolRecord pool = pool(c.pathParam("name"));
            Heartbeat b = Requests.body(c, Heartbeat.class);
            if (b.name() == null || b.name().isBlank()) {
                throw new InvalidRequestException("a worker heartbeat needs the worker's 'name'");
            }
            ctx.workQueues().seen(defaultQueue(pool).id(), b.name(), Instant.now());
            c.status(204);
        });
        routes.post("/api/work_pools/{name}/workers/filter", c -> {
            WorkPoolRecord pool = pool(c.pathParam("name"));
            Requests.ok(c, ctx.workQueues().workers(defaultQueue(pool).id()).stream().map(w -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", UUID.nameUUIDFromBytes((pool.id() + "/" + w.name()).getBytes(StandardCharsets.UTF_8)));
                m.put("created", w.lastPolled());
                m.put("updated", w.lastPolled());
                m.put("name", w.name());
                m.put("work_pool_id", pool.id());
                m.put("last_heartbeat_time", w.lastPolled());
                m.put("heartbeat_interval_seconds", null);
                return m;
            }).toList());
        });
        registerQueues(routes);
    }

    private void registerQueues(RoutesConfig routes) {
        routes.post("/api/work_pools/{pool}/queues", c -> {
            WorkPoolRecord pool = pool(c.pathParam("pool"));
            WorkQueuesApi.QueueCreate b = Requests.body(c, WorkQueuesApi.QueueCreate.class);
            if (b.name() == null || b.name().isBlank()) {
                throw new InvalidRequestException("a work queue needs a 'name'");
            }
            WorkQueueRecord q = ctx.workQueues().create(WorkPoolStore.queueKey(pool.name(), b.name()), b.description(),
                            b.concurrencyLimit(), b.priority() == null ? 1 : b.priority(), Set.of())
                    .orElseThrow(() -> new ConflictException("pool '" + pool.name() + "' has a work queue named '"
                            + b.name() + "'"));
            pools.adopt(q.id(), pool);
            if (Boolean.TRUE.equals(b.isPaused())) {
                ctx.workQueues().update(q.id(), null, true, null, false, null);
            }
            Requests.json(c, 201, WorkQueuesApi.json(ctx.workQueues().find(q.id()).orElseThrow(), pool));
        });
        routes.get("/api/work_pools/{pool}/queues/{name}", c -> {
            WorkPoolRecord pool = pool(c.pathParam("pool"));
            Requests.ok(c, WorkQueuesApi.json(queue(pool, c.pathParam("name")), pool));
        });
        routes.post("/api/work_pools/{pool}/queues/filter", c -> {
            WorkPoolRecord pool = pool(c.pathParam("pool"));
            FilterRequest f = FilterRequest.parse(c.body(), Set.of("work_queues"));
            var page = f.page(Map.of("NAME_ASC", "name"), "NAME_ASC");
            Requests.ok(c, pools.queueKeys(pool, f.filter("work_queues", WorkPoolStore.QUEUE_FIELDS)).stream()
                    .skip(page.offset()).limit(page.limit())
                    .map(k -> WorkQueuesApi.json(ctx.workQueues().named(k).orElseThrow(), pool)).toList());
        });
        routes.patch("/api/work_pools/{pool}/queues/{name}", c -> {
            WorkQueueRecord q = queue(pool(c.pathParam("pool")), c.pathParam("name"));
            JsonNode b = ApiJson.tree(c.body());
            JsonNode limit = b.path("concurrency_limit");
            ctx.workQueues().update(q.id(), b.path("description").textValue(),
                    b.path("is_paused").isBoolean() ? b.get("is_paused").booleanValue() : null,
                    limit.isIntegralNumber() ? limit.intValue() : null, limit.isNull(),
                    b.path("priority").isIntegralNumber() ? b.get("priority").intValue() : null);
            c.status(204);
        });
        routes.delete("/api/work_pools/{pool}/queues/{name}", c -> {
            WorkQueueRecord q = queue(pool(c.pathParam("pool")), c.pathParam("name"));
            ctx.workQueues().delete(q.id());
            c.status(204);
        });
    }

    private WorkPoolRecord pool(String name) {
        return pools.named(name).orElseThrow(() -> new NotFoundException("work pool", name));
    }

    private WorkQueueRecord queue(WorkPoolRecord pool, String name) {
        return ctx.workQueues().named(WorkPoolStore.queueKey(pool.name(), name))
                .orElseThrow(() -> new NotFoundException("work queue", pool.name() + "/" + name));
    }

    /** The pool's queue {@value WorkPoolStore#DEFAULT_QUEUE}, made if it is missing (every pool has one). */
    private WorkQueueRecord defaultQueue(WorkPoolRecord pool) {
        return queueIn(ctx, pools, pool, WorkPoolStore.DEFAULT_QUEUE);
    }

    /** The pool's queue called {@code name}, made if it is missing (as Prefect does for a deployment). */
    static WorkQueueRecord queueIn(ServerContext ctx, WorkPoolStore pools, WorkPoolRecord pool, String name) {
        String key = WorkPoolStore.queueKey(pool.name(), name);
        var found = ctx.workQueues().named(key);
        if (found.isPresent()) {
            return found.get();
        }
        var made = ctx.workQueues().create(key, null, null, 1, Set.of());
        if (made.isPresent() && !pool.isDefault()) {
            pools.adopt(made.get().id(), pool);
        }
        return ctx.workQueues().named(key).orElseThrow();
    }

    private Map<String, Object> json(WorkPoolRecord p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("created", p.created());
        m.put("updated", p.updated());
        m.put("name", p.name());
        m.put("description", p.description());
        m.put("type", p.type());
        m.put("base_job_template", Json.read(p.baseJobTemplate(), JsonNode.class));
        m.put("is_paused", p.paused());
        m.put("concurrency_limit", p.concurrencyLimit());
        m.put("default_queue_id", defaultQueue(p).id());
        m.put("status", p.isDefault() ? null : p.paused() ? "PAUSED" : "READY");
        return m;
    }
}
