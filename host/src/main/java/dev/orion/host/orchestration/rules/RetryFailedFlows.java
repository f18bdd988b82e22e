package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Turns a failing flow run into AwaitingRetry while it has retries left (its run count does not
 * exceed its retries), scheduled after the retry delay, and resets its pause bookkeeping so the
 * retry can pause again. Once retries are spent, the run fails.
 */
public final class RetryFailedFlows extends AbstractOrchestrationRule {

    public RetryFailedFlows() {
        super("RetryFailedFlows",
                "Schedules a failed flow run to run again while it has retries left.",
                Set.of(RunKind.FLOW), Set.of(StateType.RUNNING), false, Set.of(StateType.FAILED));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        RunInfo run = context.run();
        int retries = run.policy().retries();
        if (retries == 0 || run.runCount() > retries) {
            return;
        }
        double delay = run.policy().baseDelayAfterAttempt(run.runCount());
        context.updateRun(r -> r.withPolicy(r.policy().withResuming(false).withoutPauseKeys()));
        context.reject(Retries.awaitingRetry(context, delay), "Retrying");
    }
}
