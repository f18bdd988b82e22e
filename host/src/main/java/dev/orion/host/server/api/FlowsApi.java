package dev.orion.host.server.api;

import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.FlowRecord;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/flows/}: create-or-get by name, read by id or name, filter and count. */
public final class FlowsApi implements ApiRoutes {

    /** The body of {@code POST /api/flows/}. */
    public record FlowCreate(String name, List<String> tags, Object labels) {
    }

    /** A flow as answered. */
    public record FlowJson(UUID id, Instant created, Instant updated, String name, List<String> tags) {
        static FlowJson of(FlowRecord f) {
            return new FlowJson(f.id(), f.created(), f.created(), f.name(), List.of());
        }
    }

    private static final Set<String> ENTITIES = FilterRequest.PREFECT_ENTITIES;

    private final ServerContext ctx;

    public FlowsApi(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/flows", c -> {
            FlowCreate body = Requests.body(c, FlowCreate.class);
            if (body.name() == null || body.name().isBlank()) {
                throw new InvalidRequestException("a flow needs a 'name'");
            }
            var existing = ctx.queries().flowNamed(body.name());
            if (existing.isPresent()) {
                Requests.json(c, 200, FlowJson.of(existing.get()));
                return;
            }
            ctx.runs().ensureFlow(body.name());
            Requests.json(c, 201, FlowJson.of(ctx.queries().flowNamed(body.name()).orElseThrow()));
        });
        routes.get("/api/flows/{id}", c -> {
            UUID id = Requests.id(c, "id");
            Requests.ok(c, FlowJson.of(ctx.queries().flow(id).orElseThrow(() -> new NotFoundException("flow", id))));
        });
        routes.get("/api/flows/name/{name}", c -> {
            String name = c.pathParam("name");
            Requests.ok(c, FlowJson.of(ctx.queries().flowNamed(name).orElseThrow(() -> new NotFoundException("flow", name))));
        });
        routes.post("/api/flows/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), ENTITIES);
            Requests.ok(c, ctx.queries().flows(where(f), f.page(FilterQueries.FLOW_SORTS, "NAME_ASC"))
                    .stream().map(FlowJson::of).toList());
        });
        routes.post("/api/flows/count", c -> Requests.ok(c,
                ctx.queries().countFlows(where(FilterRequest.parse(c.body(), ENTITIES)))));
    }

    private static Filter where(FilterRequest f) {
        Filter w = f.filter("flows", FilterQueries.FLOW_FIELDS);
        if (f.has("flow_runs") || f.has("task_runs") || f.has("work_pools") || f.has("work_queues")
                || f.has("work_pool_queues")) {
            w = w.and(Filter.in("id", "SELECT flow_id FROM flow_run", FlowRunsApi.where(f.without("flows", "deployments"))));
        }
        if (f.has("deployments")) {
            w = w.and(Filter.in("id", "SELECT flow_id FROM deployment", f.filter("deployments", DeploymentsApi.FIELDS)));
        }
        return w;
    }
}
