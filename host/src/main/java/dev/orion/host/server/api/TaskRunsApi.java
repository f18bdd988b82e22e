package dev.orion.host.server.api;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.orchestration.NewRuns;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.ConflictException;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.RunService;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.WorkerFence;
import dev.orion.host.server.model.OrchestrationResultJson;
import dev.orion.host.server.model.SetStateJson;
import dev.orion.host.server.model.TaskRunCreateJson;
import dev.orion.host.server.model.TaskRunCreatedJson;
import dev.orion.host.server.model.TaskRunJson;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.RunRow;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/task_runs/}: create (idempotent on flow run + task key + dynamic key), read,
 * delete, filter, count, and the state endpoints ({@link RunStateRoutes}).
 */
public final class TaskRunsApi implements ApiRoutes {

    private final ServerContext ctx;
    private final RunService runs;

    public TaskRunsApi(ServerContext ctx) {
        this.ctx = ctx;
        this.runs = new RunService(ctx);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/task_runs", c -> {
            TaskRunCreateJson body = Requests.body(c, TaskRunCreateJson.class);
            RunRow run = toRun(body);
            Optional<String> refused = WorkerFence.refusal(ctx, run.flowRunId(), c.header(WorkerFence.HEADER));
            if (refused.isPresent()) {
                throw new ConflictException(refused.get());
            }
            State initial = body.state() == null ? State.pending() : body.state().toState();
            RunService.Created created = runs.create(run, initial, then(body.orionThenSetState()));
            TaskRunJson json = TaskRunJson.of(created.run());
            Object answer = created.then() == null ? json : new TaskRunCreatedJson(json,
                    OrchestrationResultJson.of(created.then(), run.flowRunId(), created.run().id()));
            Requests.json(c, created.isNew() ? 201 : 200, answer);
        });
        routes.get("/api/task_runs/{id}", c -> {
            UUID id = Requests.id(c, "id");
            Requests.ok(c, TaskRunJson.of(ctx.runs().findRun(id, RunKind.TASK)
                    .orElseThrow(() -> new NotFoundException("task run", id))));
        });
        routes.delete("/api/task_runs/{id}", c -> {
            UUID id = Requests.id(c, "id");
            if (!ctx.orchestrator().deleteRun(id, RunKind.TASK)) {
                throw new NotFoundException("task run", id);
            }
            c.status(204);
        });
        routes.post("/api/task_runs/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), FlowRunsApi.ENTITIES);
            Requests.ok(c, ctx.queries().runs(RunKind.TASK, where(f), f.page(FilterQueries.TASK_RUN_SORTS, "ID_DESC"))
                    .stream().map(TaskRunJson::of).toList());
        });
        routes.post("/api/task_runs/count", c -> Requests.ok(c,
                ctx.queries().countRuns(RunKind.TASK, where(FilterRequest.parse(c.body(), FlowRunsApi.ENTITIES)))));
        new RunStateRoutes(ctx, RunKind.TASK).register(routes);
    }

    private static RunService.Then then(SetStateJson s) {
        if (s == null) {
            return null;
        }
        if (s.state() == null) {
            throw new InvalidRequestException("'orion_then_set_state' needs a 'state'");
        }
        return new RunService.Then(s.state().toState(), Boolean.TRUE.equals(s.force()));
    }

    private static RunRow toRun(TaskRunCreateJson body) {
        try {
            NewRuns.checkTaskRun(body.flowRunId(), body.taskKey());
        } catch (NewRuns.InvalidRunException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        RunRow.Builder b = RunRow.builder(body.id() == null ? UUID.randomUUID() : body.id(), RunKind.TASK);
        b.flowRunId = body.flowRunId();
        b.taskKey = body.taskKey();
        b.dynamicKey = NewRuns.dynamicKey(body.dynamicKey());
        b.name = body.name();
        b.tags = body.tags() == null ? Set.of() : new LinkedHashSet<>(body.tags());
        b.policy = body.empiricalPolicy() == null ? b.policy : body.empiricalPolicy().toPolicy();
        b.taskInputs = body.taskInputs() == null || body.taskInputs().isNull() ? "{}" : body.taskInputs().toString();
        return b.build();
    }

    private static Filter where(FilterRequest f) {
        Filter w = f.filter("task_runs", FilterQueries.TASK_RUN_FIELDS);
        if (f.has("flow_runs") || f.has("flows") || f.has("deployments") || f.has("work_pools") || f.has("work_queues")
                || f.has("work_pool_queues")) {
            w = w.and(Filter.in("flow_run_id", "SELECT id FROM flow_run", FlowRunsApi.where(f.without("task_runs"))));
        }
        return w;
    }
}
