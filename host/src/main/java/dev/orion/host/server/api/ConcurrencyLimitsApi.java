package dev.orion.host.server.api;

import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.ConcurrencyLimitStore;
import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /api/concurrency_limits/}: create or resize by tag, read, filter, delete. */
public final class ConcurrencyLimitsApi implements ApiRoutes {

    /** The body of {@code POST /api/concurrency_limits/}. */
    public record LimitCreate(String tag, Integer concurrencyLimit) {
    }

    /** A limit as answered (Prefect's shape; the id is derived from the tag). */
    public record LimitJson(UUID id, Instant created, Instant updated, String tag, int concurrencyLimit,
                            List<UUID> activeSlots) {
    }

    private final ServerContext ctx;

    private LimitJson json(ConcurrencyLimit l) {
        var stamps = ctx.limits().stamps(l.tag());
        return new LimitJson(UUID.nameUUIDFromBytes(("limit:" + l.tag()).getBytes(StandardCharsets.UTF_8)),
                stamps.map(ConcurrencyLimitStore.Stamps::created).orElse(null),
                stamps.map(ConcurrencyLimitStore.Stamps::updated).orElse(null), l.tag(), l.limit(), l.activeSlots());
    }

    public ConcurrencyLimitsApi(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/concurrency_limits", c -> {
            LimitCreate body = Requests.body(c, LimitCreate.class);
            if (body.tag() == null || body.tag().isBlank()) {
                throw new InvalidRequestException("a concurrency limit needs a 'tag'");
            }
            if (body.concurrencyLimit() == null || body.concurrencyLimit() < 0) {
                throw new InvalidRequestException("'concurrency_limit' must be 0 or more, got " + body.concurrencyLimit());
            }
            Requests.ok(c, json(ctx.limits().upsert(body.tag(), body.concurrencyLimit())));
        });
        routes.get("/api/concurrency_limits/tag/{tag}", c -> {
            String tag = c.pathParam("tag");
            Requests.ok(c, json(ctx.limits().find(tag)
                    .orElseThrow(() -> new NotFoundException("concurrency limit for tag", tag))));
        });
        routes.post("/api/concurrency_limits/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of());
            var page = f.page(Map.of("TAG_ASC", "tag"), "TAG_ASC");
            Requests.ok(c, ctx.limits().list().stream().skip(page.offset()).limit(page.limit())
                    .map(this::json).toList());
        });
        routes.delete("/api/concurrency_limits/tag/{tag}", c -> {
            String tag = c.pathParam("tag");
            if (!ctx.limits().delete(tag)) {
                throw new NotFoundException("concurrency limit for tag", tag);
            }
            Requests.ok(c, null);
        });
    }
}
