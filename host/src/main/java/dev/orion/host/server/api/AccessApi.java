package dev.orion.host.server.api;

import dev.orion.host.server.ApiKeyFilter;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.Requests;
import io.javalin.config.RoutesConfig;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/access}: what the caller's key may do, {@code {"access": "full" | "read"}}, so the
 * web UI shows only the actions it can carry out.
 */
public final class AccessApi implements ApiRoutes {

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/access", c -> Requests.ok(c, Map.of("access",
                ApiKeyFilter.access(c).name().toLowerCase(Locale.ROOT))));
    }
}
