package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.ConflictException;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.RunService;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.model.FlowRunJson;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.WorkPoolRecord;
import dev.orion.host.store.WorkPoolStore;
import dev.orion.host.store.WorkQueueRecord;
import dev.orion.host.store.WorkQueueStore;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/work_queues/}: CRUD, lookup by name, and {@code POST /{id}/get_runs}, which
 * claims due Scheduled runs for the calling worker and moves them to Pending through the
 * orchestrator, so that each run goes to exactly one worker; and Orion's {@code POST
 * /{id}/await_runs}, where an idle worker waits until a run may have become due (a long poll
 * woken by {@link dev.orion.host.store.DueRunSignal}; it claims nothing, so a worker that died
 * while waiting is given no run).
 */
public final class WorkQueuesApi implements ApiRoutes {

    /** The body of {@code POST /api/work_queues/} ({@code filter}, deprecated by Prefect, is ignored). */
    public record QueueCreate(String name, String description, Boolean isPaused, Integer concurrencyLimit,
                              Integer priority, List<String> tags, JsonNode filter) {
    }

    /** The body of {@code PATCH /api/work_queues/{id}}. */
    public record QueueUpdate(String description, Boolean isPaused, Integer concurrencyLimit, Integer priority) {
    }

    /**
     * The body of {@code POST /api/work_queues/{id}/get_runs}; {@code worker} and {@code executing}
     * (the runs the worker executes now) are Orion's extensions, which Prefect's client never sends.
     */
    public record GetRuns(Instant scheduledBefore, Integer limit, UUID agentId, String worker, List<UUID> executing) {
    }

    /**
     * The body of {@code POST /api/work_queues/{id}/await_runs} (Orion's): wait up to {@code waitSeconds}
     * for a run to become due, counting from the signal {@code since} (the answer of the previous wait).
     */
    public record AwaitRuns(Double waitSeconds, Long since) {
    }

    /** A queue not polled for this long is NOT_READY (Prefect's {@code WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS}). */
    private static final Duration NOT_READY_AFTER = Duration.ofSeconds(60);

    /** The longest a wait for due runs lasts (clients time out requests after a minute). */
    static final Duration MAX_WAIT = Duration.ofSeconds(20);

    private final ServerContext ctx;
    private final RunService runs;
    private final WorkPoolStore pools;

    public WorkQueuesApi(ServerContext ctx) {
        this.ctx = ctx;
        this.runs = new RunService(ctx);
        this.pools = new WorkPoolStore(ctx.db());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/work_queues", c -> {
            QueueCreate b = Requests.body(c, QueueCreate.class);
            if (b.name() == null || b.name().isBlank()) {
                throw new InvalidRequestException("a work queue needs a 'name'");
            }
            if (b.concurrencyLimit() != null && b.concurrencyLimit() < 0) {
                throw new InvalidRequestException("'concurrency_limit' must be 0 or more, got " + b.concurrencyLimit());
            }
            WorkQueueRecord q = ctx.workQueues().create(b.name(), b.description(), b.concurrencyLimit(),
                            b.priority() == null ? 1 : b.priority(), b.tags() == null ? Set.of() : Set.copyOf(b.tags()))
                    .orElseThrow(() -> new ConflictException("a work queue named '" + b.name() + "' exists"));
            if (Boolean.TRUE.equals(b.isPaused())) {
                ctx.workQueues().update(q.id(), null, true, null, false, null);
                q = find(q.id());
            }
            Requests.json(c, 201, pooled(q));
        });
        routes.get("/api/work_queues/{id}", c -> Requests.ok(c, pooled(find(Requests.id(c, "id")))));
        routes.get("/api/work_queues/name/{name}", c -> {
            String name = c.pathParam("name");
            Requests.ok(c, pooled(ctx.workQueues().named(name).orElseThrow(() -> new NotFoundException("work queue", name))));
        });
        routes.patch("/api/work_queues/{id}", c -> {
            UUID id = Requests.id(c, "id");
            QueueUpdate b = Requests.body(c, QueueUpdate.class);
            find(id);
            ctx.workQueues().update(id, b.description(), b.isPaused(), b.concurrencyLimit(), false, b.priority());
            c.status(204);
        });
        routes.delete("/api/work_queues/{id}", c -> {
            UUID id = Requests.id(c, "id");
            if (!ctx.workQueues().delete(id)) {
                throw new NotFoundException("work queue", id);
            }
            c.status(204);
        });
        routes.post("/api/work_queues/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of("work_queues"));
            var page = f.page(Map.of("NAME_ASC", "name"), "NAME_ASC");
            Requests.ok(c, pools.queueKeys(f.filter("work_queues", WorkPoolStore.QUEUE_FIELDS)).stream()
                    .skip(page.offset()).limit(page.limit()).map(k -> ctx.workQueues().named(k).orElseThrow())
                    .map(q -> json(q, pools.poolOf(q.workPoolId()))).toList());
        });
        routes.post("/api/work_queues/{id}/get_runs", c -> {
            WorkQueueRecord q = find(Requests.id(c, "id"));
            GetRuns b = Requests.body(c, GetRuns.class);
            ctx.workQueues().seen(q.id(), workerName(b), Instant.now());
            Requests.ok(c, claim(q, b));
        });
        routes.post("/api/work_queues/{id}/await_runs", c -> {
            find(Requests.id(c, "id"));
            AwaitRuns b = Requests.body(c, AwaitRuns.class);
            double asked = b.waitSeconds() == null ? 0 : b.waitSeconds();
            if (!(asked >= 0)) {
                throw new InvalidRequestException("'wait_seconds' must be 0 or more, got " + b.waitSeconds());
            }
            Duration wait = Duration.ofMillis((long) (Math.min(asked, MAX_WAIT.toSeconds()) * 1000));
            long since = b.since() == null ? ctx.dueRuns().version() : b.since();
            boolean due = ctx.dueRuns().await(since, wait);
            Requests.ok(c, Map.of("due", due, "since", ctx.dueRuns().version()));
        });
        routes.get("/api/work_queues/{id}/workers", c -> {
            WorkQueueRecord q = find(Requests.id(c, "id"));
            Requests.ok(c, ctx.workQueues().workers(q.id()).stream().map(w -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", w.name());
                m.put("last_polled", w.lastPolled());
                m.put("last_heartbeat", w.lastHeartbeat());
                return m;
            }).toList());
        });
    }

    private static String workerName(GetRuns b) {
        return b.worker() != null ? b.worker() : b.agentId() != null ? b.agentId().toString() : "anonymous";
    }

    private List<FlowRunJson> claim(WorkQueueRecord q, GetRuns b) {
        if (q.paused()) {
            return List.of();
        }
        int limit = b.limit() == null ? 10 : b.limit();
        if (limit < 0 || limit > FilterRequest.MAX_LIMIT) {
            throw new InvalidRequestException("'limit' must be from 0 to " + FilterRequest.MAX_LIMIT + ", got " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        String worker = workerName(b);
        Instant before = b.scheduledBefore() == null ? Instant.now() : b.scheduledBefore();
        if (b.worker() == null) {
            return dueForPrefectAgent(q, before, limit, worker);
        }
        List<FlowRunJson> out = new ArrayList<>();
        // An Orion worker (it names itself and what it executes) gets back first the runs claimed for
        // it that it is not executing: it may never have heard the answer that claimed them.
        List<UUID> claimedBefore = b.worker() == null || b.executing() == null ? List.of()
                : ctx.workQueues().claimedNotStarted(q.name(), worker, limit + b.executing().size());
        for (UUID mine : claimedBefore) {
            if (b.executing().contains(mine) || out.size() >= limit) {
                continue;
            }
            RunRow run = runs.read(mine, RunKind.FLOW);
            if (run.state().is(StateType.PENDING) || runs.propose(mine, RunKind.FLOW, State.pending(), false).isAccepted()) {
                out.add(FlowRunJson.of(runs.read(mine, RunKind.FLOW)));
            }
        }
        limit -= out.size();
        if (limit <= 0) {
            return out;
        }
        for (WorkQueueStore.Claim claim : ctx.workQueues().claimDue(q.name(), before, limit, worker)) {
            boolean accepted = false;
            try {
                accepted = runs.propose(claim.flowRunId(), RunKind.FLOW, State.pending(), false).isAccepted();
            } finally {
                if (!accepted) {
                    // Refused or told to wait: the run is not this worker's; another poll may take it.
                    ctx.workQueues().release(claim);
                }
            }
            if (accepted) {
                out.add(FlowRunJson.of(runs.read(claim.flowRunId(), RunKind.FLOW)));
            }
        }
        return out;
    }

    /**
     * Prefect's agent (it sends no {@code worker}) is answered as Prefect's server does: the due runs,
     * still Scheduled, within the queue's concurrency limit; it proposes Pending itself and the
     * orchestrator lets one agent have each run. The claims only count the limit and are given back.
     */
    private List<FlowRunJson> dueForPrefectAgent(WorkQueueRecord q, Instant before, int limit, String agent) {
        List<FlowRunJson> out = new ArrayList<>();
        for (WorkQueueStore.Claim claim : ctx.workQueues().claimDue(q.name(), before, limit, agent)) {
            ctx.workQueues().release(claim);
            out.add(FlowRunJson.of(runs.read(claim.flowRunId(), RunKind.FLOW)));
        }
        return out;
    }

    private WorkQueueRecord find(UUID id) {
        return ctx.workQueues().find(id).orElseThrow(() -> new NotFoundException("work queue", id));
    }

    private Map<String, Object> pooled(WorkQueueRecord q) {
        return json(q, pools.poolOf(q.workPoolId()));
    }

    /** A queue as answered, named as in its pool (Prefect's {@code WorkQueueResponse}). */
    public static Map<String, Object> json(WorkQueueRecord q, WorkPoolRecord pool) {
        Map<String, Object> m = json(q);
        m.put("name", WorkPoolStore.localName(q.name(), pool.name()));
        m.put("work_pool_id", pool.id());
        m.put("work_pool_name", pool.name());
        m.put("status", q.paused() ? "PAUSED" : q.lastPolled() != null
                && q.lastPolled().isAfter(Instant.now().minus(NOT_READY_AFTER)) ? "READY" : "NOT_READY");
        return m;
    }

    /** A queue as stored (Orion's CLI), under its stored name. */
    public static Map<String, Object> json(WorkQueueRecord q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("created", q.created());
        m.put("updated", q.updated());
        m.put("name", q.name());
        m.put("description", q.description());
        m.put("is_paused", q.paused());
        m.put("concurrency_limit", q.concurrencyLimit());
        m.put("priority", q.priority());
        m.put("filter", null);
        m.put("last_polled", q.lastPolled());
        m.put("work_pool_id", q.workPoolId() == null ? WorkPoolStore.DEFAULT_POOL_ID : q.workPoolId());
        m.put("tags", q.tags().stream().sorted().toList());
        return m;
    }
}
