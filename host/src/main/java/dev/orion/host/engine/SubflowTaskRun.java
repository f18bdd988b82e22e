package dev.orion.host.engine;

import dev.orion.api.Flow;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.TaskFailedException;
import dev.orion.host.engine.RunHandle.Ending;
import dev.orion.host.store.RunRow;
import java.util.UUID;

/**
 * The task run of a parent flow run that stands for a subflow run: it enters Running, the child
 * flow run runs on the calling thread with this task run as its parent, and it ends as the
 * child ended (Completed pointing at the child's result). Used by one thread.
 */
final class SubflowTaskRun<R> implements RunHandle {

    private final FlowRunScope parent;
    private final Flow<R> child;
    private final Object[] args;
    private RunRow taskRun;
    private FlowRunOutcome outcome;

    SubflowTaskRun(FlowRunScope parent, Flow<R> child, Object[] args) {
        this.parent = parent;
        this.child = child;
        this.args = args;
    }

    @SuppressWarnings("unchecked")
    R call() {
        taskRun = parent.createSubflowTaskRun(child, args);
        FlowEngine engine = parent.engine();
        Ending end;
        try {
            end = engine.driver().drive(this);
        } catch (Throwable t) {
            State crashed = engine.driver().crash(this, t);
            end = new Ending(crashed, null, t);
        }
        if (end.completed()) {
            return (R) end.result();
        }
        Throwable e = end.error();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new TaskFailedException("subflow '" + child.name() + "' ended " + end.state().label(), end.state(), e);
    }

    @Override
    public UUID id() {
        return taskRun.id();
    }

    @Override
    public RunKind kind() {
        return RunKind.TASK;
    }

    @Override
    public State runningState() {
        return State.running();
    }

    @Override
    public Attempt execute() {
        outcome = parent.engine().runChild(child, args, taskRun.id(), parent.classLoader());
        if (outcome.isCompleted()) {
            return new Attempt(outcome.result(), null, false);
        }
        Throwable e = outcome.error() != null ? outcome.error()
                : new TaskFailedException("subflow run " + outcome.flowRunId() + " ended " + outcome.state().label(),
                        outcome.state(), null);
        return new Attempt(null, e, false);
    }

    @Override
    public State completedState(Object value) {
        return State.completed().withResultRef(outcome.state().resultRef())
                .withDetails(StateDetails.EMPTY.withChildFlowRunId(outcome.flowRunId()));
    }

    @Override
    public Object loadResult(State completed) {
        return parent.engine().results().read(completed.resultRef(), child.resultType());
    }

    @Override
    public void entered(State state) {
        parent.engine().listener().stateChanged(id(), RunKind.TASK, state);
    }
}
