package dev.orion.host.server.api;

import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.ConflictException;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.GlobalLimitRecord;
import dev.orion.host.store.GlobalLimitStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v2/concurrency_limits/} as Prefect 2.14 has it: create (201, 409 on a taken name),
 * read, PATCH and DELETE by id or name, filter; {@code increment} takes slots on every active
 * limit named, all or none (unknown names are created inactive), answering 423 with Retry-After
 * when one is full and 422 when more slots are asked than a limit has or a rate limit has no
 * decay; {@code decrement} frees them.
 */
public final class GlobalConcurrencyLimitsApi implements ApiRoutes {

    /** The body of {@code POST /api/v2/concurrency_limits/}. */
    public record LimitCreate(Boolean active, String name, Integer limit, Integer activeSlots, Integer deniedSlots,
                              Double slotDecayPerSecond) {
    }

    /** The body of {@code PATCH}: what is given changes. */
    public record LimitUpdate(Boolean active, String name, Integer limit, Integer activeSlots, Integer deniedSlots,
                              Double slotDecayPerSecond) {
    }

    /**
     * The body of {@code increment} and {@code decrement}; {@code holder}, Orion's addition, is the
     * flow run whose slots these are (freed should it be declared Crashed).
     */
    public record SlotsRequest(Integer slots, List<String> names, String mode, Double occupancySeconds, UUID holder) {
    }

    /** A limit as answered. */
    public record LimitJson(UUID id, Instant created, Instant updated, boolean active, String name, int limit,
                            int activeSlots, int deniedSlots, double slotDecayPerSecond, double avgSlotOccupancySeconds) {
        public static LimitJson of(GlobalLimitRecord l) {
            return new LimitJson(l.id(), l.created(), l.updated(), l.active(), l.name(), l.limit(),
                    (int) Math.ceil(l.activeSlots() - 1e-9), (int) Math.ceil(l.deniedSlots() - 1e-9), l.slotDecayPerSecond(),
                    l.avgSlotOccupancySeconds());
        }
    }

    /** What increment and decrement answer per limit. */
    public record MinimalLimitJson(UUID id, String name, int limit) {
    }

    private static final String CONFLICT = "Data integrity conflict. This usually means a unique or foreign key "
            + "constraint was violated. See server logs for details.";

    private final GlobalLimitStore store;

    public GlobalConcurrencyLimitsApi(ServerContext ctx) {
        this.store = new GlobalLimitStore(ctx.db());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v2/concurrency_limits", c -> {
            LimitCreate b = Requests.body(c, LimitCreate.class);
            if (b.name() == null || b.name().isBlank()) {
                throw new InvalidRequestException("a concurrency limit needs a 'name'");
            }
            int limit = nonNegative("limit", b.limit(), true);
            double decay = b.slotDecayPerSecond() == null ? 0 : b.slotDecayPerSecond();
            if (decay < 0) {
                throw new InvalidRequestException("'slot_decay_per_second' must be 0 or more, got " + decay);
            }
            GlobalLimitRecord created = store.create(b.name(), limit, b.active() == null || b.active(),
                    nonNegative("active_slots", b.activeSlots(), false), nonNegative("denied_slots", b.deniedSlots(), false), decay)
                    .orElseThrow(() -> new ConflictException(CONFLICT));
            Requests.json(c, 201, LimitJson.of(created));
        });
        routes.post("/api/v2/concurrency_limits/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of());
            var page = f.page(Map.of("NAME_ASC", "name"), "NAME_ASC");
            Requests.ok(c, store.list(page.offset(), page.limit()).stream().map(LimitJson::of).toList());
        });
        routes.post("/api/v2/concurrency_limits/increment", c -> {
            SlotsRequest b = slots(c);
            String mode = b.mode() == null ? "concurrency" : b.mode();
            if (!mode.equals("concurrency") && !mode.equals("rate_limit")) {
                throw new InvalidRequestException("'mode' must be 'concurrency' or 'rate_limit', got '" + mode + "'");
            }
            GlobalLimitStore.Increment inc = store.increment(b.names(), b.slots(), mode.equals("rate_limit"), b.holder());
            switch (inc.status()) {
                case ACQUIRED -> Requests.ok(c, minimal(inc.limits()));
                case MORE_SLOTS_THAN_LIMIT -> throw new InvalidRequestException("Slots requested is greater than the limit");
                case NO_DECAY -> throw new InvalidRequestException("Only concurrency limits with slot decay can be used for "
                        + "rate limiting. The following limits do not have a decay configured: '"
                        + String.join(",", inc.nonDecaying()) + "'");
                case LOCKED -> {
                    c.header("Retry-After", String.valueOf(inc.retryAfterSeconds()));
                    Requests.json(c, 423, Map.of("detail", "Locked"));
                }
            }
        });
        routes.post("/api/v2/concurrency_limits/decrement", c -> {
            SlotsRequest b = slots(c);
            if (b.occupancySeconds() != null && b.occupancySeconds() <= 0) {
                throw new InvalidRequestException("'occupancy_seconds' must be greater than 0, got " + b.occupancySeconds());
            }
            Requests.ok(c, minimal(store.decrement(b.names(), b.slots(), b.occupancySeconds(), b.holder())));
        });
        routes.get("/api/v2/concurrency_limits/{idOrName}", c -> Requests.ok(c, LimitJson.of(store.find(c.pathParam("idOrName"))
                .orElseThrow(() -> new NotFoundException("concurrency limit", c.pathParam("idOrName"))))));
        routes.patch("/api/v2/concurrency_limits/{idOrName}", c -> {
            LimitUpdate b = Requests.body(c, LimitUpdate.class);
            if (b.limit() != null) {
                nonNegative("limit", b.limit(), true);
            }
            var outcome = store.update(c.pathParam("idOrName"), b.name(), b.limit(), b.active(),
                    b.activeSlots() == null ? null : (double) nonNegative("active_slots", b.activeSlots(), false),
                    b.deniedSlots() == null ? null : (double) nonNegative("denied_slots", b.deniedSlots(), false),
                    b.slotDecayPerSecond());
            switch (outcome) {
                case NOT_FOUND -> throw new NotFoundException("concurrency limit", c.pathParam("idOrName"));
                case NAME_TAKEN -> throw new ConflictException(CONFLICT);
                case DONE -> c.status(204);
            }
        });
        routes.delete("/api/v2/concurrency_limits/{idOrName}", c -> {
            if (!store.delete(c.pathParam("idOrName"))) {
                throw new NotFoundException("concurrency limit", c.pathParam("idOrName"));
            }
            c.status(204);
        });
    }

    private static SlotsRequest slots(Context c) {
        SlotsRequest b = Requests.body(c, SlotsRequest.class);
        if (b.slots() == null || b.slots() <= 0) {
            throw new InvalidRequestException("'slots' must be greater than 0, got " + b.slots());
        }
        if (b.names() == null || b.names().isEmpty()) {
            throw new InvalidRequestException("'names' must name at least one concurrency limit");
        }
        return b;
    }

    private static List<MinimalLimitJson> minimal(List<GlobalLimitRecord> limits) {
        return limits.stream().map(l -> new MinimalLimitJson(l.id(), l.name(), l.limit())).toList();
    }

    private static int nonNegative(String field, Integer value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidRequestException("'" + field + "' is required");
            }
            return 0;
        }
        if (value < 0) {
            throw new InvalidRequestException("'" + field + "' must be 0 or more, got " + value);
        }
        return value;
    }
}
