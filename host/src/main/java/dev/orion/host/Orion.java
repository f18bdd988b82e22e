package dev.orion.host;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.ResultSerializer;
import dev.orion.api.ResultStorage;
import dev.orion.api.TaskFailedException;
import dev.orion.api.TaskRunner;
import dev.orion.api.orchestration.StateListener;
import dev.orion.api.spi.FlowLauncher;
import dev.orion.api.spi.RunScopes;
import dev.orion.host.artifacts.Artifacts;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.client.OrionClient;
import dev.orion.host.client.RemoteArtifacts;
import dev.orion.host.client.RemoteClient;
import dev.orion.host.client.RemoteGlobalLimits;
import dev.orion.host.client.RemoteSecrets;
import dev.orion.host.client.RemoteVariables;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.engine.LocalResultStorage;
import dev.orion.host.engine.Results;
import dev.orion.host.engine.TaskRunners;
import dev.orion.host.limits.GlobalLimits;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.orchestration.Orchestrators;
import dev.orion.host.orchestration.PatientOrchestrator;
import dev.orion.host.plugins.Contribution;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.scripting.PolicyLoader;
import dev.orion.host.scripting.PolicySource;
import dev.orion.host.secrets.SecretCipher;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.services.EmbeddedClient;
import dev.orion.host.services.OrphanedRunMarker;
import dev.orion.host.store.Database;
import dev.orion.host.store.DatabaseConditionException;
import dev.orion.host.store.RunStore;
import dev.orion.host.util.Json;
import dev.orion.host.util.RetryWindow;
import dev.orion.host.util.TimeSource;
import dev.orion.host.variables.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Orion as a library: the embedded store, orchestrator and engine in this process, with the
 * same database, policies, results and logs as the CLI; or, when {@code ORION_API_URL} is set,
 * the engine in this process reporting to that server.
 *
 * <pre>{@code
 * try (Orion orion = Orion.local()) {
 *     FlowRunOutcome run = orion.run(etl, Map.of("n", 10));
 *     int sum = orion.call(etl, 10);     // or just the result
 * }
 * }</pre>
 *
 * Parts are built by overridable {@code createXxx} methods, so an embedder can swap one.
 * Thread-safe; close it to flush and release the database.
 */
public class Orion implements AutoCloseable {

    private final OrionSettings settings;
    private final Database database;
    private final PluginRegistry plugins;
    private final PolicySource policies;
    private final Orchestrator orchestrator;
    private final FlowEngine engine;
    private final TimeSource clock;

    /**
     * Builds the parts; use {@link #local()} unless overriding a {@code createXxx} method. The policy
     * is checked first, before the database is opened: one that does not load stops here, with
     * nothing recorded.
     */
    protected Orion(OrionSettings settings, EngineListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = createClock();
        PluginRegistry registry = null;
        PolicySource policy = null;
        Database db = null;
        try {
            this.plugins = registry = createPlugins();
            this.policies = policy = createPolicySource(plugins);
            this.database = db = settings.apiUrl().isPresent() ? null : createDatabase();
            this.orchestrator = createOrchestrator();
            if (database != null) {
                markOrphanedRuns();
            }
            this.engine = createEngine(orchestrator, listener);
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            if (policy != null) {
                policy.close();
            }
            if (registry != null) {
                registry.close();
            }
            throw e;
        }
    }

    /** Orion on the store named by the environment ({@code ORION_HOME}, {@code ORION_DATABASE_URL}). */
    public static Orion local() {
        return local(OrionSettings.fromEnvironment());
    }

    /** Orion on the store of the given settings. */
    public static Orion local(OrionSettings settings) {
        return local(settings, EngineListener.NONE);
    }

    /** Orion on the store of the given settings, reporting what the engine does to {@code listener}. */
    public static Orion local(OrionSettings settings, EngineListener listener) {
        Orion orion = new Orion(settings, listener);
        orion.installAsLauncher();
        return orion;
    }

    /** The clock the orchestrator and the engine read and wait on; the system clock unless a test swaps it. */
    protected TimeSource createClock() {
        return TimeSource.SYSTEM;
    }

    protected Database createDatabase() {
        return Database.open(settings.databaseUrl());
    }

    /** The plugins in {@code ORION_PLUGINS_DIR}; bad ones are reported and left out. */
    protected PluginRegistry createPlugins() {
        return PluginRegistry.load(settings.pluginsDir());
    }

    /**
     * Core rules, plugin rules, the script rules of {@code ORION_RULES_DIR} and {@code policy.json},
     * re-read when they change; embedded, checked now (this process decides, so a policy that does
     * not load stops it before anything is recorded); remote, the server decides with its own.
     */
    protected PolicySource createPolicySource(PluginRegistry registry) {
        return settings.apiUrl().isEmpty()
                ? PolicyLoader.load(settings.rulesDir(), settings.policyFile(), registry, System.err::println)
                : PolicyLoader.compose(settings.rulesDir(), settings.policyFile(), registry, System.err::println);
    }

    /**
     * The orchestrator the engine reports to: the server at {@code ORION_API_URL} over HTTP
     * (with {@code ORION_API_KEY} as Bearer token) when it is set, else the embedded one.
     */
    protected Orchestrator createOrchestrator() {
        return settings.apiUrl().isPresent()
                ? HttpOrchestrator.connect(settings.apiUrl().get(), settings.apiKey())
                : createOrchestrator(database);
    }

    /**
     * The embedded orchestrator over the local store, with the plugins' state listeners; it waits
     * out a database that went away for {@code ORION_API_RETRY_WINDOW}.
     */
    protected Orchestrator createOrchestrator(Database db) {
        List<StateListener> listeners = plugins.extensions(StateListener.class).stream()
                .map(Contribution::extension).toList();
        return new PatientOrchestrator(
                Orchestrators.forDatabase(db, settings.sharedDatabase(), policies, listeners, clock), db.displayUrl(),
                RetryWindow.fromEnvironment());
    }

    protected FlowEngine createEngine(Orchestrator orch, EngineListener listener) {
        return new FlowEngine(orch, createResults(), createTaskRunners(), Json.MAPPER, listener)
                .infrastructurePid(OrphanedRunMarker.thisProcess()).clock(clock).variables(createVariables()).secrets(createSecrets())
                .globalLimits(createGlobalLimits()).artifacts(createArtifacts());
    }

    /** The global concurrency limits flows take: the server's at {@code ORION_API_URL} when it is set, else the local store's. */
    protected GlobalLimits createGlobalLimits() {
        return remoteApi().<GlobalLimits>map(RemoteGlobalLimits::new).orElseGet(() -> GlobalLimits.of(database));
    }

    /**
     * The secrets flows read: the server's at {@code ORION_API_URL} when it is set, else the local
     * store's, encrypted with {@code ORION_ENCRYPTION_KEY} or the key in {@code ORION_HOME}.
     */
    protected Secrets createSecrets() {
        return remoteApi().<Secrets>map(RemoteSecrets::new).orElseGet(this::localSecrets);
    }

    private Secrets localSecrets() {
        return Secrets.of(database, SecretCipher.load(settings.home(),
                Optional.ofNullable(System.getenv("ORION_ENCRYPTION_KEY"))));
    }

    /** Where flows' artifacts go: the server's at {@code ORION_API_URL} when it is set, else the local store. */
    protected Artifacts createArtifacts() {
        return remoteApi().<Artifacts>map(RemoteArtifacts::new).orElseGet(() -> Artifacts.of(database));
    }

    /** The variables flows read: the server's at {@code ORION_API_URL} when it is set, else the local store's. */
    protected Variables createVariables() {
        return remoteApi().<Variables>map(RemoteVariables::new).orElseGet(() -> Variables.of(database));
    }

    /** The server's API when {@code ORION_API_URL} is set. */
    private Optional<ApiTransport> remoteApi() {
        return settings.apiUrl().map(url -> new ApiTransport(url, settings.apiKey()));
    }

    /** The built-in local result storage plus the plugins'; {@code ORION_RESULT_STORAGE} picks the default. */
    protected Results createResults() {
        List<ResultStorage> storages = new ArrayList<>();
        storages.add(new LocalResultStorage(settings.storageDir()));
        plugins.extensions(ResultStorage.class).forEach(c -> storages.add(c.extension()));
        return new Results(storages, settings.resultStorage(), Json.MAPPER,
                plugins.extensions(ResultSerializer.class).stream().map(Contribution::extension).toList());
    }

    /** The built-in task runners plus the plugins'. */
    protected TaskRunners createTaskRunners() {
        return TaskRunners.with(plugins.extensions(TaskRunner.class).stream().map(Contribution::extension).toList());
    }

    /** Runs a killed JVM left Running on this database are marked Crashed before anything else runs. */
    protected void markOrphanedRuns() {
        OrphanedRunMarker.markCrashed(database, orchestrator);
    }

    /** Makes {@code flow.call(...)} outside any run start a flow run here. */
    public void installAsLauncher() {
        RunScopes.installLauncher(new FlowLauncher() {
            @Override
            public <R> R launch(Flow<R> flow, Object[] args) {
                return result(flow, engine.runArgs(flow, args));
            }
        });
    }

    /**
     * Runs a flow with named parameters, converted to its declared types, and returns how it
     * ended; its final state and result are durable when this returns.
     *
     * @throws dev.orion.api.InvalidParameterException before any run is created, for a bad parameter
     */
    public FlowRunOutcome run(Flow<?> flow, Map<String, ?> parameters) {
        return engine.run(flow, parameters);
    }

    /** Runs a flow with positional arguments and returns its result, or throws if it did not complete. */
    public <R> R call(Flow<R> flow, Object... args) {
        return result(flow, engine.runArgs(flow, args));
    }

    @SuppressWarnings("unchecked")
    private static <R> R result(Flow<R> flow, FlowRunOutcome out) {
        if (out.isCompleted()) {
            return (R) out.result();
        }
        if (out.error() instanceof RuntimeException r) {
            throw r;
        }
        if (out.error() instanceof Error e) {
            throw e;
        }
        throw new TaskFailedException("flow run " + out.flowRunId() + " of '" + flow.name() + "' ended "
                + out.state().label() + (out.state().message() == null ? "" : ": " + out.state().message()),
                out.state(), out.error());
    }

    public OrionSettings settings() {
        return settings;
    }

    /** Whether runs report to a server ({@code ORION_API_URL}) rather than the embedded store. */
    public boolean isRemote() {
        return database == null;
    }

    /**
     * The embedded store.
     *
     * @throws OrionException in remote mode, where there is none: read runs through {@link #orchestrator()}
     */
    public Database database() {
        if (database == null) {
            throw new OrionException("Orion reports to the server at " + settings.apiUrl().orElse("?")
                    + " (ORION_API_URL); there is no embedded store to read: use orchestrator()");
        }
        return database;
    }

    public PluginRegistry plugins() {
        return plugins;
    }

    public PolicySource policies() {
        return policies;
    }

    public TimeSource clock() {
        return clock;
    }

    public Orchestrator orchestrator() {
        return orchestrator;
    }

    /**
     * The condition of the embedded database's disk (full, an I/O error, a lock held too long)
     * that made a write fail, if one did; a flow run given is then marked Crashed in place naming
     * it, past the writer that cannot write. Empty in remote mode: the server mends its database.
     */
    public Optional<DatabaseConditionException> crashedByTheDisk(UUID flowRunId) {
        Optional<DatabaseConditionException> condition = database == null ? Optional.empty()
                : database.writer().condition();
        if (condition.isPresent() && flowRunId != null) {
            new RunStore(database).crashInPlace(flowRunId, "Crashed: " + condition.get().getMessage());
        }
        return condition;
    }

    public FlowEngine engine() {
        return engine;
    }

    /**
     * Runs, states, logs, deployments, work queues, concurrency limits and the policy of this Orion's
     * mode: the embedded store and orchestrator, or the server at {@code ORION_API_URL}. Its parts
     * belong to this Orion: closing the client releases nothing, closing Orion releases them.
     */
    public OrionClient client() {
        if (orchestrator instanceof HttpOrchestrator remote) {
            return new RemoteClient(remote, () -> { });
        }
        return new EmbeddedClient(database, () -> orchestrator, () -> policies.view(plugins), policies::withOverrides,
                this::localSecrets, () -> { });
    }

    @Override
    public void close() {
        try {
            engine.close();
            orchestrator.close();
        } catch (RuntimeException e) {
            throw new OrionException("could not close Orion cleanly: " + e.getMessage(), e);
        } finally {
            if (database != null) {
                database.close();
            }
            policies.close();
            plugins.close();
        }
    }
}
