package dev.orion.host.engine;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.spi.RunScopes;
import dev.orion.host.logging.RunContextLog;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * One flow run as the {@link RunDriver} drives it: each attempt runs the body in a fresh
 * {@link FlowRunScope} on the calling thread, under the flow's timeout, and waits for the task
 * runs it submitted. Used by one thread.
 */
final class FlowRunExecutor implements RunHandle {

    private final FlowEngine engine;
    private final Flow<?> flow;
    private final Object[] args;
    private final UUID id;
    private final ClassLoader classLoader;
    private final Logger logger;
    private final boolean topLevel;
    private final State existing;
    private volatile boolean cancelRequested;
    private volatile boolean abandoned;
    private volatile Thread body;
    private volatile FlowRunScope scope;
    private int pauses;

    FlowRunExecutor(FlowEngine engine, Flow<?> flow, Object[] args, UUID id, ClassLoader classLoader,
            boolean topLevel) {
        this(engine, flow, args, id, classLoader, topLevel, null);
    }

    /** An executor taking over a run that already has a state (a deployment run a worker claimed). */
    FlowRunExecutor(FlowEngine engine, Flow<?> flow, Object[] args, UUID id, ClassLoader classLoader,
            boolean topLevel, State existing) {
        this.existing = existing;
        this.engine = engine;
        this.flow = flow;
        this.args = args;
        this.id = id;
        this.classLoader = classLoader;
        this.topLevel = topLevel;
        this.logger = engine.newLogger(flow.name(), id, null);
    }

    Flow<?> flow() {
        return flow;
    }

    ClassLoader classLoader() {
        return classLoader;
    }

    Logger logger() {
        return logger;
    }

    @Override
    public UUID id() {
        return id;
    }

    @Override
    public RunKind kind() {
        return RunKind.FLOW;
    }

    @Override
    public State runningState() {
        return State.running();
    }

    @Override
    public State existingState() {
        return existing;
    }

    @Override
    public boolean cancelRequested() {
        return cancelRequested;
    }

    @Override
    public boolean abandoned() {
        return abandoned;
    }

    /** Gives the run up: its body and task runs are interrupted and nothing more is proposed for them. */
    void abandon(String why) {
        abandoned = true;
        logger.warn("Abandoned: {}", why);
        Thread b = body;
        if (b != null) {
            b.interrupt();
        }
        FlowRunScope s = scope;
        if (s != null) {
            s.interruptTaskRuns();
        }
    }

    /** The next pause point's key: one per {@code pause()} call in this run, so each fires once. */
    synchronized String nextPauseKey() {
        return "pause-" + (++pauses);
    }

    @Override
    public Attempt execute() {
        FlowRunScope scope = new FlowRunScope(engine, this);
        Thread body = Thread.currentThread();
        this.scope = scope;
        this.body = body;
        CancelWatch watch = topLevel ? CancelWatch.start(engine, id, () -> {
            cancelRequested = true;
            logger.warn("Flow run is being cancelled; stopping its task runs");
            body.interrupt();
            scope.interruptTaskRuns();
        }) : CancelWatch.NONE;
        try (var log = RunContextLog.forRun(RunContextLog.capture(), id, null)) {
            return attempt(scope);
        } finally {
            this.body = null;
            watch.stop();
            if (cancelRequested) {
                Thread.interrupted();
            }
        }
    }

    private Attempt attempt(FlowRunScope scope) {
        Timeouts.Guard guard = engine.timeouts().start(flow.options().timeout());
        Object value = null;
        Throwable error = null;
        try {
            value = RunScopes.callIn(scope, () -> {
                Object v = flow.invoke(args);
                scope.awaitTaskRuns();
                return v;
            });
        } catch (Throwable t) {
            error = t;
        }
        boolean timedOut = guard.finish();
        if (timedOut) {
            scope.interruptTaskRuns();
            if (error == null) {
                error = new TimeoutException("flow run exceeded " + flow.options().timeout());
            }
        } else if (error != null) {
            try {
                scope.awaitTaskRuns();
            } catch (InterruptedException e) {
                if (!cancelRequested) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new Attempt(value, error, timedOut);
    }

    @Override
    public State completedState(Object value) {
        State completed = State.completed();
        return flow.options().persistResult() ? completed.withResultRef(engine.results().persist(value, topLevel, flow.options().resultStorage()))
                : completed;
    }

    @Override
    public Object loadResult(State completed) {
        return engine.results().read(completed.resultRef(), flow.resultType());
    }

    @Override
    public void entered(State state) {
        engine.listener().stateChanged(id, RunKind.FLOW, state);
    }

    @Override
    public void retrying(State awaitingRetry, Attempt failed) {
        logger.warn("Flow run failed ({}); retrying at {}", failed.error() == null ? "timed out"
                : Failures.describe(failed.error()), awaitingRetry.details().scheduledTime());
    }
}
