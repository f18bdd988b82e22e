package dev.orion.host.store;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The store's meters, on Micrometer's global registry (a no-op until a registry is added to it):
 * how long each commit takes, whoever commits (the store writer's group commits, the shared
 * orchestrator's row-locked transactions). Thread-safe.
 */
public final class StoreMeters {

    /** The commit timer's name. */
    public static final String COMMIT = "orion.store.commit";

    private static final Timer COMMITS = Timer.builder(COMMIT)
            .description("Time to commit one database transaction of the store")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
            .register(Metrics.globalRegistry);

    private StoreMeters() {
    }

    /** Commits the connection's transaction, timing it. */
    public static void commit(Connection c) throws SQLException {
        long start = System.nanoTime();
        c.commit();
        COMMITS.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
