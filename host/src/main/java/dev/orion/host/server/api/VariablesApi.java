package dev.orion.host.server.api;

import dev.orion.api.OrionException;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.ConflictException;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.VariableRecord;
import dev.orion.host.store.VariableStore;
import dev.orion.host.variables.VariableRules;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/variables/} as Prefect 2.14 has it: create (201, 409 when the name is taken), read by
 * id and by name, filter, count, PATCH and DELETE by id or name (204). Names are lowercase letters,
 * digits and underscores, at most 255 characters; values at most 5,000 ({@link VariableRules}).
 */
public final class VariablesApi implements ApiRoutes {

    /** The body of {@code POST /api/variables/}. */
    public record VariableCreate(String name, String value, List<String> tags) {
    }

    /** The body of {@code PATCH /api/variables/...}: what is given changes. */
    public record VariableUpdate(String name, String value, List<String> tags) {
    }

    /** A variable as answered. */
    public record VariableJson(UUID id, Instant created, Instant updated, String name, String value, List<String> tags) {
        static VariableJson of(VariableRecord v) {
            return new VariableJson(v.id(), v.created(), v.updated(), v.name(), v.value(), v.tags());
        }
    }

    private static final String CONFLICT = "Data integrity conflict. This usually means a unique or foreign key "
            + "constraint was violated. See server logs for details.";

    private final VariableStore store;

    public VariablesApi(ServerContext ctx) {
        this.store = new VariableStore(ctx.db());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/variables", c -> {
            VariableCreate body = Requests.body(c, VariableCreate.class);
            String name = checked(() -> VariableRules.name(body.name()));
            String value = checked(() -> VariableRules.value(name, body.value()));
            VariableRecord created = store.create(name, value, body.tags() == null ? List.of() : body.tags())
                    .orElseThrow(() -> new ConflictException(CONFLICT));
            Requests.json(c, 201, VariableJson.of(created));
        });
        routes.post("/api/variables/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of("variables"));
            Requests.ok(c, store.list(f.filter("variables", VariableStore.FIELDS), f.page(VariableStore.SORTS, "NAME_ASC"))
                    .stream().map(VariableJson::of).toList());
        });
        routes.post("/api/variables/count", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of("variables"));
            Requests.ok(c, store.count(f.filter("variables", VariableStore.FIELDS)));
        });
        routes.get("/api/variables/name/{name}", c -> Requests.ok(c, VariableJson.of(
                found(store.byName(c.pathParam("name")), c.pathParam("name")))));
        routes.get("/api/variables/{id}", c -> Requests.ok(c, VariableJson.of(found(store.byId(id(c)), c.pathParam("id")))));
        routes.patch("/api/variables/name/{name}", c -> update(c, null, c.pathParam("name")));
        routes.patch("/api/variables/{id}", c -> update(c, id(c), null));
        routes.delete("/api/variables/name/{name}", c -> deleted(c, store.delete(null, c.pathParam("name")), c.pathParam("name")));
        routes.delete("/api/variables/{id}", c -> deleted(c, store.delete(id(c), null), c.pathParam("id")));
    }

    private void update(Context c, UUID id, String name) {
        VariableUpdate body = Requests.body(c, VariableUpdate.class);
        String newName = body.name() == null ? null : checked(() -> VariableRules.name(body.name()));
        String value = body.value() == null ? null : checked(() -> VariableRules.value(name == null ? "" : name, body.value()));
        switch (store.update(id, name, newName, value, body.tags())) {
            case NOT_FOUND -> throw notFound(id != null ? id : name);
            case NAME_TAKEN -> throw new ConflictException(CONFLICT);
            case DONE -> c.status(204);
        }
    }

    private static void deleted(Context c, boolean deleted, String key) {
        if (!deleted) {
            throw notFound(key);
        }
        c.status(204);
    }

    /** A path id; one that is no UUID names no variable (Prefect's route does not match it). */
    private static UUID id(Context c) {
        try {
            return UUID.fromString(c.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw notFound(c.pathParam("id"));
        }
    }

    private static VariableRecord found(Optional<VariableRecord> v, String key) {
        return v.orElseThrow(() -> notFound(key));
    }

    private static NotFoundException notFound(Object key) {
        return new NotFoundException("variable", key);
    }

    private static String checked(Supplier<String> rule) {
        try {
            return rule.get();
        } catch (OrionException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
