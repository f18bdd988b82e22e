package dev.orion.host.server.api;

import dev.orion.host.metrics.HttpServerMeters;
import dev.orion.host.metrics.MetricsEndpoint;
import dev.orion.host.metrics.MetricsSettings;
import dev.orion.host.metrics.StoreMetrics;
import dev.orion.host.server.ApiException;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.ApiRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code GET /metrics}: the Prometheus text exposition of the server's meters (see README
 * "Monitoring"), and the timing of every HTTP request. When the server has an API key, or
 * {@code ORION_METRICS_KEY} is set, the request must carry one of them as a bearer token.
 */
public final class MetricsApi implements ApiRoutes {

    private static final String STARTED = "orion.metrics.started";

    private final StoreMetrics store;
    private final List<String> keys;

    public MetricsApi(ServerContext ctx, MetricsSettings settings) {
        this.store = new StoreMetrics(ctx.db());
        this.keys = Stream.concat(ctx.settings().apiKey().stream(), settings.key().stream()).toList();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before(c -> c.attribute(STARTED, System.nanoTime()));
        routes.after(c -> {
            Long started = c.attribute(STARTED);
            if (started != null) {
                HttpServerMeters.record(c.method().name(), route(c), c.statusCode(), started);
            }
        });
        routes.get("/metrics", c -> {
            requireKey(c);
            c.contentType(MetricsEndpoint.CONTENT_TYPE).result(store.scrape());
        });
    }

    private void requireKey(Context c) {
        if (keys.isEmpty()) {
            return;
        }
        byte[] header = Optional.ofNullable(c.header("Authorization")).orElse("").getBytes(StandardCharsets.UTF_8);
        for (String key : keys) {
            if (MessageDigest.isEqual(("Bearer " + key).getBytes(StandardCharsets.UTF_8), header)) {
                return;
            }
        }
        throw new ApiException(401, "missing or wrong key: send 'Authorization: Bearer <ORION_METRICS_KEY or "
                + "ORION_API_KEY>'");
    }

    /** The matched route's template ({@code /api/flow_runs/{id}}), so ids do not make a series each. */
    private static String route(Context c) {
        try {
            Endpoint e = c.endpoints().matchedHttpEndpoint();
            return e == null ? null : e.path;
        } catch (RuntimeException notMatched) {
            return null;
        }
    }
}
