package dev.orion.host.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.Task;
import dev.orion.api.cluster.RemoteTaskRun;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.artifacts.ArtifactRules;
import dev.orion.host.artifacts.Artifacts;
import dev.orion.host.engine.RunHandle.Ending;
import dev.orion.host.limits.GlobalLimits;
import dev.orion.host.logging.LogFormat;
import dev.orion.host.logging.RunContextLog;
import dev.orion.host.orchestration.NoSuchRunException;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.secrets.SecretMask;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.NewArtifact;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Ids;
import dev.orion.host.util.TimeSource;
import dev.orion.host.variables.Variables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs flows: creates each flow run through the {@link Orchestrator}, proposes its every state,
 * runs its body and its task runs, and stores results in {@link Results}. The engine
 * never writes the store itself. One engine serves any number of concurrent flow runs;
 * thread-safe.
 */
public final class FlowEngine implements AutoCloseable {

    /**
     * A run's log lines echoed to the process log (logger {@code orion.run}, off unless a worker
     * turns it on), where the MDC names the run.
     */
    private static final Logger RUN_LOG = LoggerFactory.getLogger("orion.run");
    private static final Map<String, Level> RUN_LOG_LEVELS = Map.of("ERROR", Level.ERROR, "WARN", Level.WARN,
            "WARNING", Level.WARN, "INFO", Level.INFO, "DEBUG", Level.DEBUG, "TRACE", Level.TRACE);

    /** The top-level flow runs executing now, to abandon one. */
    private final Map<UUID, FlowRunExecutor> executing = new ConcurrentHashMap<>();
    private final Orchestrator orchestrator;
    private final Results results;
    private final TaskRunners taskRunners;
    private final EngineListener listener;
    private final ObjectMapper mapper;
    private volatile RunDriver driver;
    private volatile TimeSource clock;
    private final Timeouts timeouts = new Timeouts();
    private final ParameterBinder binder;
    private volatile String infrastructurePid;
    private volatile Duration cancelPollInterval = Duration.ofSeconds(1);
    private volatile FlowBundler bundler = FlowBundler.NONE;
    private volatile Variables variables = Variables.NONE;
    private volatile Secrets secrets = Secrets.NONE;
    private volatile GlobalLimits globalLimits = GlobalLimits.NONE;
    private volatile Artifacts artifacts = Artifacts.NONE;
    private final SecretMask secretMask = new SecretMask();

    public FlowEngine(Orchestrator orchestrator, Results results, ObjectMapper mapper, EngineListener listener) {
        this(orchestrator, results, TaskRunners.builtIn(), mapper, listener);
    }

    /** An engine whose flows may also select the task runners and result storages plugins contribute. */
    public FlowEngine(Orchestrator orchestrator, Results results, TaskRunners taskRunners, ObjectMapper mapper,
                      EngineListener listener) {
        this.taskRunners = Objects.requireNonNull(taskRunners, "taskRunners");
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.results = Objects.requireNonNull(results, "results").mask(secretMask);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.listener = listener == null ? EngineListener.NONE : listener;
        this.clock = orchestrator.clock();
        this.driver = new RunDriver(orchestrator, clock, secretMask);
        this.binder = new ParameterBinder(mapper);
    }

    /**
     * Runs {@code flow} with named parameters (converted to its declared types) as a new flow
     * run, to its end; its final state and result are durable when this returns.
     *
     * @throws dev.orion.api.InvalidParameterException before any run is created, for a bad parameter
     */
    public FlowRunOutcome run(Flow<?> flow, Map<String, ?> parameters) {
        Objects.requireNonNull(flow, "flow");
        return runArgs(flow, binder.bind(flow, parameters == null ? Map.of() : parameters));
    }

    /** Runs {@code flow} with positional arguments as a new flow run, to its end. */
    public FlowRunOutcome runArgs(Flow<?> flow, Object... args) {
        Objects.requireNonNull(flow, "flow");
        if (args.length != flow.parameters().size()) {
            throw new OrionException("flow '" + flow.name() + "' takes " + flow.parameters().size()
                    + " argument(s), got " + args.length);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return runFlow(flow, args, null, loader == null ? FlowEngine.class.getClassLoader() : loader);
    }

    /**
     * Marks the flow runs this engine starts as executing here (e.g. {@code local:HOST:PID}), so
     * cancellation goes through Cancelling and a run left behind by a dead process can be found.
     */
    public FlowEngine infrastructurePid(String value) {
        this.infrastructurePid = value;
        return this;
    }

    /**
     * The clock the engine reads and waits on: scheduled times, retry delays and waits the
     * orchestrator asks for, cache expiry (default the orchestrator's; tests pass a controllable one).
     */
    public FlowEngine clock(TimeSource value) {
        this.clock = Objects.requireNonNull(value, "value");
        this.driver = new RunDriver(orchestrator, value, secretMask);
        return this;
    }

    TimeSource clock() {
        return clock;
    }

    /** The variables flows read with {@code Variables.get} (none unless set: every read finds nothing). */
    public FlowEngine variables(Variables value) {
        this.variables = Objects.requireNonNull(value, "value");
        return this;
    }

    public Variables variables() {
        return variables;
    }

    /** The secrets flows read with {@code Secrets.get} (none unless set). */
    public FlowEngine secrets(Secrets value) {
        this.secrets = Objects.requireNonNull(value, "value");
        return this;
    }

    public Secrets secrets() {
        return secrets;
    }

    /** The global concurrency limits flows take with {@code Concurrency.occupy} (none unless set). */
    public FlowEngine globalLimits(GlobalLimits value) {
        this.globalLimits = Objects.requireNonNull(value, "value");
        return this;
    }

    public GlobalLimits globalLimits() {
        return globalLimits;
    }

    /** Where the artifacts flows publish are stored (none unless set: publishing fails). */
    public FlowEngine artifacts(Artifacts value) {
        this.artifacts = Objects.requireNonNull(value, "value");
        return this;
    }

    public Artifacts artifacts() {
        return artifacts;
    }

    /** Stores an artifact of the scope's run, its text masked for the secrets runs read. */
    UUID createArtifact(EngineScope scope, String type, String key, String description, Object data) {
        ArtifactRules.key(key);
        Object stored = ArtifactRules.TABLE.equals(type) && !(data instanceof String) ? ArtifactRules.table(data) : data;
        if (stored instanceof String text) {
            stored = secretMask.apply(text);
        }
        return artifacts.create(new NewArtifact(key, type, description == null ? null : secretMask.apply(description),
                stored, null, scope.flowRunId(), scope.taskRunId().orElse(null))).id();
    }

    /** A secret's value for a run; from now on it is masked in this engine's run logs and results. */
    Optional<String> revealSecret(String name) {
        Optional<String> value = secrets.get(name);
        value.ifPresent(secretMask::add);
        return value;
    }

    /**
     * How often a running top-level flow run checks whether it is being cancelled (default 1 s;
     * zero turns the check off).
     */
    public FlowEngine cancelPollInterval(Duration value) {
        this.cancelPollInterval = Objects.requireNonNull(value, "value");
        return this;
    }

    /** How flows' code is named for task runners that hand task runs to other processes. */
    public FlowEngine bundler(FlowBundler value) {
        this.bundler = Objects.requireNonNull(value, "value");
        return this;
    }

    FlowBundler bundler() {
        return bundler;
    }

    /**
     * Executes here a task run another process handed over (see {@link HandOver}): from Pending to
     * its end, every state proposed to the orchestrator; returns the state it ended in.
     *
     * @param task   the task, from the flow's code as this process loaded it
     * @param args   its arguments, converted to the task's parameter types
     * @param loader the class loader of the flow's code
     */
    public State executeHandedOver(Task<?> task, Object[] args,
            RemoteTaskRun run, ClassLoader loader) {
        HandedOverTaskRun handle = new HandedOverTaskRun(this, task, args, run, loader);
        try {
            Ending end = driver.drive(handle);
            return end.state();
        } catch (Throwable t) {
            return driver.crash(handle, t);
        } finally {
            orchestrator.flush();
        }
    }

    Duration cancelPollInterval() {
        return cancelPollInterval;
    }

    /**
     * Executes a flow run that already exists (one a deployment created and a worker claimed)
     * with the parameters stored on it, from the state it is in (Pending, or Scheduled), to its end.
     *
     * @throws dev.orion.api.InvalidParameterException when its stored parameters do not fit the flow
     * @throws dev.orion.host.orchestration.NoSuchRunException when there is no such flow run
     */
    public FlowRunOutcome runExisting(Flow<?> flow, UUID flowRunId) {
        Objects.requireNonNull(flow, "flow");
        RunRow run = orchestrator.readRun(flowRunId, RunKind.FLOW)
                .orElseThrow(() -> new NoSuchRunException(RunKind.FLOW, flowRunId));
        Map<String, Object> params;
        try {
            params = mapper.readValue(run.parameters() == null ? "{}" : run.parameters(),
                    new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new OrionException("flow run " + flowRunId + " has unreadable parameters: " + e.getMessage(), e);
        }
        Object[] args = binder.bind(flow, params);
        run = withFlowRetries(flow, run);
        if (flow.options().logPrints()) {
            PrintCapture.install();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        FlowRunExecutor executor = new FlowRunExecutor(this, flow, args, run.id(),
                loader == null ? FlowEngine.class.getClassLoader() : loader, true, run.state());
        return drive(flow, run, executor, true, System.nanoTime());
    }

    /**
     * The run, carrying its flow's retry settings when it has none of its own (as Prefect's engine
     * fills in a deployment run's {@code empirical_policy}): a run created by a deployment knows
     * nothing of the flow's retries, and without them a crash or failure could not be retried.
     */
    private RunRow withFlowRetries(Flow<?> flow, RunRow run) {
        if (flow.options().retries() == 0 || run.policy().retries() > 0) {
            return run;
        }
        return orchestrator.updateRun(run.id(), RunKind.FLOW, r -> {
            RunRow.Builder b = r.toBuilder();
            b.policy = retryPolicy(flow); // the orchestrator keeps the run's pause bookkeeping
            return b.build();
        });
    }

    private static RunPolicy retryPolicy(Flow<?> flow) {
        var o = flow.options();
        return new RunPolicy(o.retries(), FlowRunScope.seconds(o.retryDelays()), o.retryJitterFactor(), Set.of(), false);
    }

    /**
     * Gives up a flow run this engine is executing because it is executed elsewhere now (a worker
     * declared dead that is alive after all): its body and task runs are interrupted and it
     * proposes nothing more, so it cannot undo what the other executor records.
     *
     * @return false when this engine is not executing that flow run
     */
    public boolean abandon(UUID flowRunId, String why) {
        FlowRunExecutor executor = executing.get(flowRunId);
        if (executor == null) {
            return false;
        }
        executor.abandon(why);
        return true;
    }

    /** Binds named parameters to positional arguments without running anything. */
    public Object[] bind(Flow<?> flow, Map<String, ?> parameters) {
        return binder.bind(flow, parameters);
    }

    FlowRunOutcome runChild(Flow<?> flow, Object[] args, UUID parentTaskRunId, ClassLoader loader) {
        return runFlow(flow, args, parentTaskRunId, loader);
    }

    private FlowRunOutcome runFlow(Flow<?> flow, Object[] args, UUID parentTaskRunId, ClassLoader loader) {
        long started = System.nanoTime();
        var o = flow.options();
        // A flow naming an unknown runner or storage fails before any run exists, with the names there are.
        taskRunners.get(o.taskRunner().name());
        if (o.persistResult()) {
            results.storage(o.resultStorage());
        }
        RunRow.Builder b = RunRow.builder(Ids.next(), RunKind.FLOW);
        b.flowName = flow.name();
        b.parameters = parametersJson(flow, args);
        b.tags = o.tags();
        b.parentTaskRunId = parentTaskRunId;
        b.infrastructurePid = infrastructurePid;
        if (o.retries() > 0) {
            b.policy = retryPolicy(flow);
        }
        RunRow run = orchestrator.createRun(b.build());
        listener.runCreated(run);
        if (o.logPrints()) {
            PrintCapture.install();
        }
        FlowRunExecutor executor = new FlowRunExecutor(this, flow, args, run.id(), loader, parentTaskRunId == null);
        return drive(flow, run, executor, parentTaskRunId == null, started);
    }

    private FlowRunOutcome drive(Flow<?> flow, RunRow run, FlowRunExecutor executor, boolean topLevel, long started) {
        executor.logger().info("Beginning flow run '{}' for flow '{}'", run.name(), flow.name());
        Ending end;
        if (topLevel) {
            executing.put(run.id(), executor);
        }
        try {
            end = driver.drive(executor);
        } catch (Throwable t) {
            end = new Ending(driver.crash(executor, t), null, t);
        } finally {
            if (topLevel) {
                executing.remove(run.id(), executor);
            }
        }
        State s = end.state();
        executor.logger().info("Finished in state {}{}", s.label(), s.message() == null ? "" : ": " + s.message());
        if (topLevel) {
            orchestrator.flush();
        }
        return new FlowRunOutcome(run.id(), flow.name(), run.name(), s, secretMask.apply(end.result(), mapper), end.error(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private String parametersJson(Flow<?> flow, Object[] args) {
        Map<String, Object> named = ParameterBinder.named(flow, args);
        try {
            return mapper.writeValueAsString(named);
        } catch (Exception e) {
            Map<String, Object> shown = new LinkedHashMap<>();
            named.forEach((k, v) -> shown.put(k, String.valueOf(v)));
            try {
                return mapper.writeValueAsString(shown);
            } catch (Exception impossible) {
                return "{}";
            }
        }
    }

    Logger newLogger(String name, UUID flowRunId, UUID taskRunId) {
        return new RunLogger(name, flowRunId, taskRunId, this::log);
    }

    private void log(LogRow given) {
        LogRow row = secretMask.isEmpty() ? given : new LogRow(given.flowRunId(), given.taskRunId(), given.level(),
                given.logger(), secretMask.apply(given.message()), given.timestamp());
        orchestrator.log(List.of(row));
        listener.logged(row);
        Level level = RUN_LOG_LEVELS.getOrDefault(row.level(), Level.INFO);
        if (LogFormat.runLogsShown() && RUN_LOG.isEnabledForLevel(level)) {
            try (var log = RunContextLog.forRun(RunContextLog.capture(), row.flowRunId(), row.taskRunId())) {
                RUN_LOG.atLevel(level).addKeyValue("run_logger", row.logger()).log(row.logger() + ": " + row.message());
            }
        }
    }

    Orchestrator orchestrator() {
        return orchestrator;
    }

    Results results() {
        return results;
    }

    /** The task runners flows can select. */
    public TaskRunners taskRunners() {
        return taskRunners;
    }

    EngineListener listener() {
        return listener;
    }

    RunDriver driver() {
        return driver;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /** The JSON mapper results and parameters are written with. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The result storage. */
    public Results resultStorage() {
        return results;
    }

    @Override
    public void close() {
        timeouts.close();
    }
}
