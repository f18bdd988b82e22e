package dev.orion.host.engine;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.TaskFailedException;
import dev.orion.api.cluster.RemoteOutcome;
import dev.orion.api.cluster.RemoteTaskRun;
import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.engine.RunHandle.Ending;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.OrionVersion;
import java.time.Instant;
import java.util.UUID;

/**
 * A task run whose attempts execute in another process (a cluster task runner): here it goes to
 * Pending and waits for its inputs; then it is handed over, and the other process proposes its
 * Running and end states. When that process goes away with the run, the run is proposed Crashed
 * here and, while its task's retries are not spent, AwaitingRetry, and handed to another process:
 * retries are the orchestrator's, never the cluster's own re-execution, and a run that completed is
 * never handed over again. Used by one thread.
 */
final class HandOver {

    private final FlowEngine engine;
    private final FlowRunScope flowRun;
    private final TaskRunExecutor<?> run;

    HandOver(FlowEngine engine, FlowRunScope flowRun, TaskRunExecutor<?> run) {
        this.engine = engine;
        this.flowRun = flowRun;
        this.run = run;
    }

    Ending drive() throws InterruptedException {
        RunDriver driver = engine.driver();
        OrchestrationResult d = driver.propose(run, State.pending());
        if (d.status() == ResultStatus.ABORT || (d.status() == ResultStatus.REJECT && d.state() != null
                && d.state().isTerminal())) {
            return adopt(d.state());
        }
        Ending early = run.beforeRunning();
        if (early != null) {
            return early;
        }
        // The server's id of the run: a retried flow run's task run may be one created by an earlier attempt.
        RemoteTaskRun request = request(engine.orchestrator().readRun(run.id(), RunKind.TASK).orElseThrow().id());
        int attemptsBefore = 0;
        while (true) {
            RemoteOutcome outcome = flowRun.runner().runRemotely(request);
            RunRow now = engine.orchestrator().readRun(run.id(), RunKind.TASK).orElseThrow();
            State s = now.state();
            if (s != null && s.isTerminal()) {
                run.entered(s);
                return adopt(s);
            }
            if (outcome.kind() == RemoteOutcome.Kind.REFUSED) {
                return crash("No cluster member would run it: " + outcome.reason());
            }
            if (outcome.kind() == RemoteOutcome.Kind.ENDED) {
                return crash("Cluster member " + outcome.member() + " stopped it in state "
                        + (s == null ? "none" : s.label()));
            }
            if (s == null || s.is(StateType.PENDING)) {
                // It never started there: hand it to another member, no attempt spent.
                run.logger().warn("Cluster member {} went away before running it ({}); handing it to another",
                        outcome.member(), outcome.reason());
                continue;
            }
            attemptsBefore += now.runCount();
            String why = "Crashed: cluster member " + outcome.member() + " went away while running it ("
                    + outcome.reason() + ")";
            run.logger().error(why);
            State crashed = proposed(State.crashed(why));
            int retries = now.policy().retries();
            if (!crashed.is(StateType.CRASHED) || attemptsBefore > retries) {
                return adopt(crashed);
            }
            Instant due = Instant.now().plusMillis(Math.round(now.policy().baseDelayAfterAttempt(attemptsBefore) * 1000));
            State retry = proposed(State.awaitingRetry(due).withMessage("Rescheduled on another member after a crash"
                    + " (retry " + attemptsBefore + " of " + retries + ")"));
            if (!retry.is(StateType.SCHEDULED) || !proposed(State.pending()).is(StateType.PENDING)) {
                return adopt(engine.orchestrator().readRun(run.id(), RunKind.TASK).orElseThrow().state());
            }
        }
    }

    private RemoteTaskRun request(UUID serverId) {
        FlowBundler.Bundle bundle = engine.bundler().bundle(flowRun.flow());
        String args;
        try {
            args = engine.mapper().writeValueAsString(run.resolvedArguments());
        } catch (Exception e) {
            throw new OrionException("the arguments of task '" + run.task().name()
                    + "' cannot be sent to a cluster member as JSON: " + e.getMessage(), e);
        }
        return new RemoteTaskRun(flowRun.flowRunId(), serverId, run.task().name(), flowRun.flow().name(),
                bundle.hash(), bundle.entrypoint(), args, flowRun.resultStorage(), run.cacheKey(),
                run.cacheExpiration(), OrionVersion.current());
    }

    private State proposed(State state) throws InterruptedException {
        OrchestrationResult r = engine.driver().propose(run, state);
        return r.state() == null ? state : r.state();
    }

    private Ending crash(String why) throws InterruptedException {
        run.logger().error(why);
        return adopt(proposed(State.crashed(why)));
    }

    private Ending adopt(State state) {
        State s = state == null ? State.pending() : state;
        if (s.is(StateType.COMPLETED)) {
            return new Ending(s, s.resultRef() == null ? null : run.loadResult(s), null);
        }
        return new Ending(s, null, new TaskFailedException("task run " + run.id() + " ended " + s.label()
                + (s.message() == null ? "" : ": " + s.message()), s, null));
    }
}
