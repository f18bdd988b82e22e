package dev.orion.host.server;

import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.LocalOrchestrator;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.store.BlockStore;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.DeploymentStore;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.WorkQueueStore;
import java.util.function.Supplier;

/**
 * What the API's endpoints share: the settings, the database and its stores, and the
 * orchestrator that decides every proposed state. Immutable; its parts are thread-safe.
 */
public record ServerContext(
        OrionSettings settings,
        Database db,
        LocalOrchestrator orchestrator,
        Supplier<PolicySet> policies,
        RunStore runs,
        FilterQueries queries,
        LogStore logs,
        BlockStore blocks,
        ConcurrencyLimitStore limits,
        DeploymentStore deployments,
        WorkQueueStore workQueues) {

    /** A context over an open database and an orchestrator deciding with the policies. */
    public static ServerContext create(OrionSettings settings, Database db, Supplier<PolicySet> policies) {
        return new ServerContext(settings, db, new LocalOrchestrator(db, policies), policies, new RunStore(db),
                new FilterQueries(db), new LogStore(db), new BlockStore(db), new ConcurrencyLimitStore(db),
                new DeploymentStore(db), new WorkQueueStore(db));
    }
}
