package dev.orion.host.orchestration;

import dev.orion.api.orchestration.StateListener;
import dev.orion.host.store.Database;
import dev.orion.host.util.TimeSource;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Chooses the orchestrator for a database: shared (row locks) or local (in memory). */
public final class Orchestrators {

    private Orchestrators() {
    }

    /**
     * {@link StoreOrchestrator} when several processes may decide for the same runs
     * ({@code shared}, the default on PostgreSQL), else {@link LocalOrchestrator}.
     */
    public static Orchestrator forDatabase(Database db, boolean shared, Supplier<PolicySet> policies,
                                           List<StateListener> listeners) {
        return forDatabase(db, shared, policies, listeners, TimeSource.SYSTEM);
    }

    /** As above, deciding by {@code clock}'s time. */
    public static Orchestrator forDatabase(Database db, boolean shared, Supplier<PolicySet> policies,
                                           List<StateListener> listeners, TimeSource clock) {
        return shared ? new StoreOrchestrator(db, policies, listeners, clock)
                : new LocalOrchestrator(db, policies, listeners, clock);
    }
}
