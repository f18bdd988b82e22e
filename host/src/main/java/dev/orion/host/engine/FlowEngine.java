package dev.orion.host.engine;

import dev.orion.host.Ids;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.engine.RunHandle.Ending;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * Runs flows: creates each flow run through the {@link Orchestrator}, proposes its every state,
 * runs its body and its task runs, and stores results in {@link ResultStorage}. The engine
 * never writes the store itself. One engine serves any number of concurrent flow runs;
 * thread-safe.
 */
public final class FlowEngine implements AutoCloseable {

    private final Orchestrator orchestrator;
    private final ResultStorage results;
    private final EngineListener listener;
    private final ObjectMapper mapper;
    private final RunDriver driver;
    private final Timeouts timeouts = new Timeouts();
    private final ParameterBinder binder;
    private volatile String infrastructurePid;

    public FlowEngine(Orchestrator orchestrator, ResultStorage results, ObjectMapper mapper, EngineListener listener) {
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.results = Objects.requireNonNull(results, "results");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.listener = listener == null ? EngineListener.NONE : listener;
        this.driver = new RunDriver(orchestrator);
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
        RunRow.Builder b = RunRow.builder(Ids.next(), RunKind.FLOW);
        b.flowName = flow.name();
        b.parameters = parametersJson(flow, args);
        b.tags = o.tags();
        b.parentTaskRunId = parentTaskRunId;
        b.infrastructurePid = infrastructurePid;
        if (o.retries() > 0) {
            b.policy = new RunPolicy(o.retries(), FlowRunScope.seconds(o.retryDelays()), o.retryJitterFactor(),
                    Set.of(), false);
        }
        RunRow run = orchestrator.createRun(b.build());
        listener.runCreated(run);
        if (o.logPrints()) {
            PrintCapture.install();
        }
        FlowRunExecutor executor = new FlowRunExecutor(this, flow, args, run.id(), loader, parentTaskRunId == null);
        executor.logger().info("Beginning flow run '{}' for flow '{}'", run.name(), flow.name());
        Ending end;
        try {
            end = driver.drive(executor);
        } catch (Throwable t) {
            end = new Ending(driver.crash(executor, t), null, t);
        }
        State s = end.state();
        executor.logger().info("Finished in state {}{}", s.label(), s.message() == null ? "" : ": " + s.message());
        if (parentTaskRunId == null) {
            orchestrator.flush();
        }
        return new FlowRunOutcome(run.id(), flow.name(), run.name(), s, end.result(), end.error(),
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

    private void log(LogRow row) {
        orchestrator.log(List.of(row));
        listener.logged(row);
    }

    Orchestrator orchestrator() {
        return orchestrator;
    }

    ResultStorage results() {
        return results;
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
    public ResultStorage resultStorage() {
        return results;
    }

    @Override
    public void close() {
        timeouts.close();
    }
}
