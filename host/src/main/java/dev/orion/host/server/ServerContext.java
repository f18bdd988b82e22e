package dev.orion.host.server;

import dev.orion.api.orchestration.StateListener;
import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.plugins.Contribution;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.scripting.PolicyLoader;
import dev.orion.host.scripting.PolicySource;
import dev.orion.host.store.BlockStore;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.DeploymentStore;
import dev.orion.host.store.DueRunSignal;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.HeartbeatStore;
import dev.orion.host.store.LogStore;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.WorkQueueStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API's endpoints share: the settings, the database and its stores, the
 * orchestrator that decides every proposed state, where its policy comes from, the plugins, and the
 * signal that wakes workers waiting for due runs. Immutable; its parts are thread-safe.
 */
public record ServerContext(
        OrionSettings settings,
        Database db,
        Orchestrator orchestrator,
        Supplier<PolicySet> policies,
        RunStore runs,
        FilterQueries queries,
        LogStore logs,
        BlockStore blocks,
        ConcurrencyLimitStore limits,
        DeploymentStore deployments,
        WorkQueueStore workQueues,
        HeartbeatStore heartbeats,
        Optional<PolicySource> policySource,
        PluginRegistry plugins,
        DueRunSignal dueRuns) {

    private static final Logger LOG = LoggerFactory.getLogger(ServerContext.class);

    /** A context over an open database and an orchestrator deciding with the policies (no plugins). */
    public static ServerContext create(OrionSettings settings, Database db, Supplier<PolicySet> policies) {
        return create(settings, db, policies, Optional.empty(), PluginRegistry.none(), List.of());
    }

    /**
     * A context deciding with the same effective policy as the CLI ({@link PolicyLoader}): core
     * rules, the plugins' rules, {@code policy.json} and the script rules of {@code ORION_RULES_DIR},
     * re-read when they change (a reload that fails is logged and the last good version keeps
     * deciding), with the plugins' state listeners told of every state.
     *
     * @throws dev.orion.api.OrionException when the policy does not load: the server must not start
     */
    public static ServerContext create(OrionSettings settings, Database db, PluginRegistry plugins) {
        PolicySource source = PolicyLoader.load(settings.rulesDir(), settings.policyFile(), plugins, LOG::warn);
        List<StateListener> listeners = plugins.extensions(StateListener.class).stream()
                .map(Contribution::extension).toList();
        return create(settings, db, source, Optional.of(source), plugins, listeners);
    }

    private static ServerContext create(OrionSettings settings, Database db, Supplier<PolicySet> policies,
            Optional<PolicySource> source, PluginRegistry plugins, List<StateListener> listeners) {
        return new ServerContext(settings, db, Orchestrators.forDatabase(db, settings.sharedDatabase(), policies, listeners), policies,
                new RunStore(db), new FilterQueries(db), new LogStore(db), new BlockStore(db),
                new ConcurrencyLimitStore(db), new DeploymentStore(db), new WorkQueueStore(db),
                new HeartbeatStore(db), source, plugins, DueRunSignal.open(db));
    }
}
