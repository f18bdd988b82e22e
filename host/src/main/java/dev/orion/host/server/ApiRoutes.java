package dev.orion.host.server;

import io.javalin.config.RoutesConfig;

/** One group of REST endpoints (flows, flow runs, logs...), registered under {@code /api}. */
@FunctionalInterface
public interface ApiRoutes {

    /** Adds this group's endpoints. */
    void register(RoutesConfig routes);
}
