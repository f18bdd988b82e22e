package dev.orion.host.engine;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.api.TaskFailedException;
import dev.orion.api.TaskFuture;
import dev.orion.api.TaskOptions;
import dev.orion.host.engine.RunHandle.Ending;
import dev.orion.host.logging.RunContextLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
    /** Set by the body when its failure must not be retried; read when the attempt ends. */
    private volatile boolean failWithoutRetry;
    /** The creating thread's log context (the worker's name), carried to the thread that runs the task. */
    private final Map<String, String> logContext = RunContextLog.capture();

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
        try (var log = RunContextLog.forRun(logContext, flowRun.flowRunId(), id())) {
            Ending end = flowRun.runner().runsRemotely() ? new HandOver(engine, flowRun, this).drive()
                    : engine.driver().drive(this);
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

    Task<R> task() {
        return task;
    }

    /** The arguments with futures replaced by their results, once {@link #beforeRunning} resolved them. */
    Object[] resolvedArguments() {
        return resolved;
    }

    String cacheKey() {
        return cacheKey;
    }

    Instant cacheExpiration() {
        return cacheExpiration;
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
            cacheExpiration = o.cacheExpiration() == null ? null : flowRun.engine().clock().now().plus(o.cacheExpiration());
        }
        return null;
    }

    private Ending upstreamEnding(TaskFuture<?> f) throws InterruptedException {
        State s = f instanceof EngineTaskFuture<?> ef ? ef.await() : f.wait(Duration.ofDays(365)).orElseThrow();
        if (f instanceof EngineTaskFuture<?> ef ? ef.isCompleted() : s.is(StateType.COMPLETED)) {
            return null;
        }
        String message = "upstream task run " + f.taskRunId() + " ended " + s.label() + "; not running";
        return finishFailed(State.failed(message), null);
    }

    private Ending finishFailed(State failed, Throwable cause) throws InterruptedException {
        var d = flowRun.engine().driver().propose(this, failed);
        State s = d.state() == null ? failed : d.state();
        return new Ending(s, null, new TaskFailedException("task run " + id() + " ended "
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
        return TaskAttempts.running(task, cacheKey, cacheExpiration);
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
        failWithoutRetry = false;
        Attempt attempt = TaskAttempts.execute(flowRun.engine().timeouts(), task, resolved, this);
        return failWithoutRetry ? attempt.withoutRetry() : attempt;
    }

    @Override
    public void failWithoutRetry() {
        failWithoutRetry = true;
    }

    @Override
    public State completedState(Object value) {
        return TaskAttempts.completed(flowRun.engine().results(), task, value, flowRun.resultStorage(), cacheKey,
                cacheExpiration);
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
        TaskAttempts.logRetry(logger(), awaitingRetry, failed);
    }

    // ---- RunScope (what the body sees) ---------------------------------------------------

    @Override
    public <T> TaskFuture<T> submit(Task<T> t, Object[] a, List<TaskFuture<?>> w) {
        return flowRun.submit(t, a, w, false);
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
    public FlowEngine engine() {
        return flowRun.engine();
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
