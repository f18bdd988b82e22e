package dev.orion.host.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orion.api.OrionException;
import dev.orion.host.artifacts.ArtifactRules;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.ArtifactCollectionRecord;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterField;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.NewArtifact;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/artifacts/} as Prefect 2.14 has it: create (201), read by id, the latest of a key,
 * filter and count artifacts or the latest of each key, PATCH (description, data, metadata) and
 * DELETE (204; deleting a key's latest makes the version before the latest). Keys are lowercase
 * letters, digits and dashes ({@link ArtifactRules}); filters may also name the artifacts'
 * {@code flow_runs}, {@code task_runs} and {@code flows}.
 */
public final class ArtifactsApi implements ApiRoutes {

    /** The body of {@code POST /api/artifacts/}. */
    public record ArtifactCreate(String key, String type, String description, Object data,
                                 @JsonProperty("metadata_") Map<String, String> metadata, UUID flowRunId,
                                 UUID taskRunId) {
    }

    /** The body of {@code PATCH /api/artifacts/{id}}: what is given changes. */
    public record ArtifactUpdate(Object data, String description, @JsonProperty("metadata_") Map<String, String> metadata) {
    }

    /** An artifact as answered. */
    public record ArtifactJson(UUID id, Instant created, Instant updated, String key, String type, String description,
                               Object data, @JsonProperty("metadata_") Map<String, String> metadata, UUID flowRunId,
                               UUID taskRunId) {
        static ArtifactJson of(ArtifactRecord a) {
            return new ArtifactJson(a.id(), a.created(), a.updated(), a.key(), a.type(), a.description(), a.data(),
                    a.metadata(), a.flowRunId(), a.taskRunId());
        }
    }

    /** A key's latest artifact as answered ({@code ArtifactCollection}). */
    public record ArtifactCollectionJson(UUID id, Instant created, Instant updated, String key, UUID latestId,
                                         String type, String description, Object data,
                                         @JsonProperty("metadata_") Map<String, String> metadata, UUID flowRunId,
                                         UUID taskRunId) {
        static ArtifactCollectionJson of(ArtifactCollectionRecord c) {
            ArtifactRecord a = c.latest();
            return new ArtifactCollectionJson(c.id(), c.created(), c.updated(), a.key(), a.id(), a.type(),
                    a.description(), a.data(), a.metadata(), a.flowRunId(), a.taskRunId());
        }
    }

    private static final Set<String> ENTITIES = Set.of("artifacts", "flow_runs", "task_runs", "flows", "deployments");

    private final ArtifactStore store;

    public ArtifactsApi(ServerContext ctx) {
        this.store = new ArtifactStore(ctx.db());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/artifacts", c -> {
            ArtifactCreate body = Requests.body(c, ArtifactCreate.class);
            String key = checked(() -> ArtifactRules.key(body.key()));
            ArtifactRecord created = store.create(new NewArtifact(key, body.type(), body.description(), body.data(),
                    ArtifactRules.metadata(body.metadata()), body.flowRunId(), body.taskRunId()));
            Requests.json(c, 201, ArtifactJson.of(created));
        });
        routes.post("/api/artifacts/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), ENTITIES);
            Requests.ok(c, store.list(where(f, ArtifactStore.FIELDS, ""), f.page(ArtifactStore.SORTS, "ID_DESC"))
                    .stream().map(ArtifactJson::of).toList());
        });
        routes.post("/api/artifacts/count", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), ENTITIES);
            Requests.ok(c, store.count(where(f, ArtifactStore.FIELDS, "")));
        });
        routes.post("/api/artifacts/latest/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), ENTITIES);
            Requests.ok(c, store.listLatest(where(f, ArtifactStore.LATEST_FIELDS, "a."),
                    f.page(ArtifactStore.LATEST_SORTS, "ID_DESC")).stream().map(ArtifactCollectionJson::of).toList());
        });
        routes.post("/api/artifacts/latest/count", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), ENTITIES);
            Requests.ok(c, store.countLatest(where(f, ArtifactStore.LATEST_FIELDS, "a.")));
        });
        routes.get("/api/artifacts/{key}/latest", c -> Requests.ok(c, ArtifactJson.of(store.latest(c.pathParam("key"))
                .orElseThrow(() -> notFound(c.pathParam("key"))).latest())));
        routes.get("/api/artifacts/{id}", c -> Requests.ok(c, ArtifactJson.of(store.byId(Requests.id(c, "id"))
                .orElseThrow(() -> notFound(c.pathParam("id"))))));
        routes.patch("/api/artifacts/{id}", c -> {
            UUID id = Requests.id(c, "id");
            ArtifactUpdate body = Requests.body(c, ArtifactUpdate.class);
            if (!store.update(id, body.description(), body.data(), ArtifactRules.metadata(body.metadata()))) {
                throw notFound(id);
            }
            c.status(204);
        });
        routes.delete("/api/artifacts/{id}", c -> {
            UUID id = Requests.id(c, "id");
            if (!store.delete(id)) {
                throw notFound(id);
            }
            c.status(204);
        });
    }

    /** The artifacts filter, and the runs and flows the artifacts must come from. */
    private static Filter where(FilterRequest f, Map<String, FilterField> fields, String prefix) {
        Filter where = f.filter("artifacts", fields);
        if (f.has("deployments")) {
            where = where.and(Filter.in(prefix + "flow_run_id", "SELECT id FROM flow_run",
                    Filter.in("deployment_id", "SELECT id FROM deployment", f.filter("deployments", DeploymentsApi.FIELDS))));
        }
        if (f.has("flow_runs")) {
            where = where.and(Filter.in(prefix + "flow_run_id", "SELECT id FROM flow_run",
                    f.filter("flow_runs", FilterQueries.FLOW_RUN_FIELDS)));
        }
        if (f.has("task_runs")) {
            where = where.and(Filter.in(prefix + "task_run_id", "SELECT id FROM task_run",
                    f.filter("task_runs", FilterQueries.TASK_RUN_FIELDS)));
        }
        if (f.has("flows")) {
            where = where.and(Filter.in(prefix + "flow_run_id", "SELECT id FROM flow_run",
                    Filter.in("flow_id", "SELECT id FROM flow", f.filter("flows", FilterQueries.FLOW_FIELDS))));
        }
        return where;
    }

    private static NotFoundException notFound(Object key) {
        return new NotFoundException("artifact", key);
    }

    private static String checked(Supplier<String> rule) {
        try {
            return rule.get();
        } catch (OrionException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
