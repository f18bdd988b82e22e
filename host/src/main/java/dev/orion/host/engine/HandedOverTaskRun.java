package dev.orion.host.engine;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.cluster.RemoteTaskRun;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * A task run another process created and handed to this one (a cluster member): it is Pending
 * with its inputs resolved, and this process drives it from there to its end through the same
 * {@link RunDriver} as a local task run, so the orchestrator decides its Running and end states.
 * It is also the scope its body sees. Used by one thread.
 */
final class HandedOverTaskRun implements RunHandle, EngineScope {

    private final FlowEngine engine;
    private final Task<?> task;
    private final Object[] args;
    private final RemoteTaskRun run;
    private final ClassLoader loader;
    private Logger logger;
    /** Set by the body when its failure must not be retried; read when the attempt ends. */
    private volatile boolean failWithoutRetry;

    HandedOverTaskRun(FlowEngine engine, Task<?> task, Object[] args, RemoteTaskRun run, ClassLoader loader) {
        this.engine = engine;
        this.task = task;
        this.args = args;
        this.run = run;
        this.loader = loader;
    }

    @Override
    public UUID id() {
        return run.taskRunId();
    }

    @Override
    public RunKind kind() {
        return RunKind.TASK;
    }

    @Override
    public State existingState() {
        return State.pending();
    }

    @Override
    public State runningState() {
        return TaskAttempts.running(task, run.cacheKey(), run.cacheExpiration());
    }

    @Override
    public Attempt execute() {
        failWithoutRetry = false;
        Attempt attempt = TaskAttempts.execute(engine.timeouts(), task, args, this);
        return failWithoutRetry ? attempt.withoutRetry() : attempt;
    }

    @Override
    public void failWithoutRetry() {
        failWithoutRetry = true;
    }

    @Override
    public State completedState(Object value) {
        return TaskAttempts.completed(engine.results(), task, value, run.resultStorage(), run.cacheKey(),
                run.cacheExpiration());
    }

    @Override
    public Object loadResult(State completed) {
        return engine.results().read(completed.resultRef(), loader);
    }

    @Override
    public void entered(State state) {
        engine.listener().stateChanged(id(), RunKind.TASK, state);
    }

    @Override
    public void retrying(State awaitingRetry, Attempt failed) {
        TaskAttempts.logRetry(logger(), awaitingRetry, failed);
    }

    // ---- RunScope (what the body sees) ---------------------------------------------------

    @Override
    public <T> TaskFuture<T> submit(Task<T> t, Object[] a, List<TaskFuture<?>> w) {
        throw new OrionException("a task running on a cluster member cannot submit task '" + t.name()
                + "'; submit it from the flow");
    }

    @Override
    public <T> T callSubflow(Flow<T> flow, Object[] a) {
        throw new OrionException("a task running on a cluster member cannot call the flow '" + flow.name()
                + "'; call it from the flow");
    }

    @Override
    public FlowEngine engine() {
        return engine;
    }

    @Override
    public Logger logger() {
        if (logger == null) {
            logger = engine.newLogger(task.name(), run.flowRunId(), id());
        }
        return logger;
    }

    @Override
    public UUID flowRunId() {
        return run.flowRunId();
    }

    @Override
    public Optional<UUID> taskRunId() {
        return Optional.of(id());
    }

    @Override
    public boolean cancelRequested() {
        return false;
    }

    @Override
    public boolean logPrints() {
        return false;
    }
}
