package dev.orion.host.engine;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.TaskOptions;
import dev.orion.api.spi.RunScopes;
import dev.orion.host.engine.RunHandle.Ending;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * One task run: resolves its inputs (futures become their results), then lets the
 * {@link RunDriver} take it through Pending, Running and its end, and completes its future.
 * It is also the {@link dev.orion.api.spi.RunScope} the task body sees. Used by one thread.
 */
final class TaskRunExecutor<R> implements RunHandle, EngineScope, Runnable {

    private final FlowRunScope flowRun;
    private final Task<R> task;
    private final Object[] args;
    private final List<TaskFuture<?>> waitFor;
    private final EngineTaskFuture<R> future;
    private Object[] resolved;
    private String cacheKey;
    private Instant cacheExpiration;
    private Logger logger;

    TaskRunExecutor(FlowRunScope flowRun, Task<R> task, Object[] args, List<TaskFuture<?>> waitFor, UUID id,
            State initial) {
        this.flowRun = flowRun;
        this.task = task;
        this.args = args;
        this.waitFor = waitFor;
        this.future = new EngineTaskFuture<>(id, initial == null ? State.pending() : initial);
    }

    EngineTaskFuture<R> future() {
        return future;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        FlowEngine engine = flowRun.engine();
        try {
            Ending end = engine.driver().drive(this);
            if (end.completed()) {
                future.complete(end.state(), (R) end.result());
            } else {
                if (end.state().isTerminal()) {
                    logger().error("Finished in state {}{}", end.state().label(),
                            end.state().message() == null ? "" : ": " + end.state().message());
                }
                future.fail(end.state(), end.error());
            }
        } catch (Throwable t) {
            State crashed = engine.driver().crash(this, t);
            future.fail(crashed, t);
        } finally {
            flowRun.taskFinished();
        }
    }

    // ---- RunHandle ----------------------------------------------------------------------

    @Override
    public UUID id() {
        return future.taskRunId();
    }

    @Override
    public RunKind kind() {
        return RunKind.TASK;
    }

    @Override
    public Ending beforeRunning() throws InterruptedException {
        for (TaskFuture<?> f : waitFor) {
            Ending e = upstreamEnding(f);
            if (e != null) {
                return e;
            }
        }
        resolved = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof TaskFuture<?> f) {
                Ending e = upstreamEnding(f);
                if (e != null) {
                    return e;
                }
                resolved[i] = f.result();
            } else if (a instanceof Collection<?> c && containsFuture(c)) {
                List<Object> values = new ArrayList<>(c.size());
                for (Object o : c) {
                    if (o instanceof TaskFuture<?> f) {
                        Ending e = upstreamEnding(f);
                        if (e != null) {
                            return e;
                        }
                        values.add(f.result());
                    } else {
                        values.add(o);
                    }
                }
                resolved[i] = values;
            } else {
                resolved[i] = a;
            }
        }
        TaskOptions o = task.options();
        if (o.cacheKeyFn() != null) {
            try {
                cacheKey = o.cacheKeyFn().apply(Arrays.asList(resolved));
            } catch (RuntimeException e) {
                return finishFailed(State.failed("the cache key function failed: " + Failures.describe(e)), e);
            }
            cacheExpiration = o.cacheExpiration() == null ? null : Instant.now().plus(o.cacheExpiration());
        }
        return null;
    }

    private Ending upstreamEnding(TaskFuture<?> f) throws InterruptedException {
        State s = f instanceof EngineTaskFuture<?> ef ? ef.await() : f.wait(java.time.Duration.ofDays(365)).orElseThrow();
        if (f instanceof EngineTaskFuture<?> ef ? ef.isCompleted() : s.is(dev.orion.api.StateType.COMPLETED)) {
            return null;
        }
        String message = "upstream task run " + f.taskRunId() + " ended " + s.label() + "; not running";
        return finishFailed(State.failed(message), null);
    }

    private Ending finishFailed(State failed, Throwable cause) throws InterruptedException {
        var d = flowRun.engine().driver().propose(this, failed);
        State s = d.state() == null ? failed : d.state();
        return new Ending(s, null, new dev.orion.api.TaskFailedException("task run " + id() + " ended "
                + s.label() + ": " + failed.message(), s, cause));
    }

    private static boolean containsFuture(Collection<?> c) {
        for (Object o : c) {
            if (o instanceof TaskFuture<?>) {
                return true;
            }
        }
        return false;
    }

    @Override
    public State runningState() {
        State running = State.running();
        return cacheKey == null ? running
                : running.withDetails(StateDetails.EMPTY.withCache(cacheKey, cacheExpiration));
    }

    @Override
    public void beginAttempt() throws InterruptedException {
        flowRun.runner().enterBody();
    }

    @Override
    public void endAttempt() {
        flowRun.runner().exitBody();
    }

    @Override
    public Attempt execute() {
        Timeouts.Guard guard = flowRun.engine().timeouts().start(task.options().timeout());
        Object value = null;
        Throwable error = null;
        try {
            value = RunScopes.callIn(this, () -> task.invoke(resolved));
        } catch (Throwable t) {
            error = t;
        }
        boolean timedOut = guard.finish();
        if (timedOut && error == null) {
            error = new java.util.concurrent.TimeoutException("task run exceeded " + task.options().timeout());
        }
        return new Attempt(value, error, timedOut);
    }

    @Override
    public State completedState(Object value) {
        State completed = State.completed();
        if (task.options().persistsResult()) {
            completed = completed.withResultRef(flowRun.engine().results().persist(value, false, flowRun.resultStorage()));
        } else if (task.options().persistResult() == null) { // an explicit withPersistResult(false) keeps nothing
            String inline = flowRun.engine().results().inline(value);
            if (inline != null) {
                completed = completed.withResultRef(inline);
            }
        }
        if (cacheKey != null) {
            completed = completed.withDetails(StateDetails.EMPTY.withCache(cacheKey, cacheExpiration));
        }
        return completed;
    }

    @Override
    public Object loadResult(State completed) {
        return flowRun.engine().results().read(completed.resultRef(), task.resultType());
    }

    @Override
    public boolean cancelRequested() {
        return flowRun.cancelRequested();
    }

    @Override
    public boolean abandoned() {
        return flowRun.abandoned();
    }

    @Override
    public void entered(State state) {
        future.setState(state);
        flowRun.engine().listener().stateChanged(id(), RunKind.TASK, state);
    }

    @Override
    public void retrying(State awaitingRetry, Attempt failed) {
        logger().warn("Task run failed ({}); retrying at {}", failed.error() == null ? "timed out"
                : Failures.describe(failed.error()), awaitingRetry.details().scheduledTime());
    }

    // ---- RunScope (what the body sees) ---------------------------------------------------

    @Override
    public <T> TaskFuture<T> submit(Task<T> t, Object[] a, List<TaskFuture<?>> w) {
        return flowRun.submit(t, a, w);
    }

    @Override
    public <T> T call(Task<T> t, Object[] a, List<TaskFuture<?>> w) {
        return flowRun.call(t, a, w);
    }

    @Override
    public <T> T callSubflow(Flow<T> flow, Object[] a) {
        return flowRun.callSubflow(flow, a);
    }

    @Override
    public Logger logger() {
        if (logger == null) {
            logger = flowRun.engine().newLogger(task.name(), flowRun.flowRunId(), id());
        }
        return logger;
    }

    @Override
    public UUID flowRunId() {
        return flowRun.flowRunId();
    }

    @Override
    public Optional<UUID> taskRunId() {
        return Optional.of(id());
    }

    @Override
    public boolean logPrints() {
        return flowRun.logPrints();
    }
}
