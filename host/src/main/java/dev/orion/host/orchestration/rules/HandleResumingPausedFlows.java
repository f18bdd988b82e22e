package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.time.Instant;
import java.util.Set;

/**
 * Governs a flow run leaving Paused. It may go only to Running, Scheduled or a terminal state; a
 * suspended run needs a deployment to be rescheduled from; a pause whose timeout has passed
 * ends the run as Failed instead. Once the run has left Paused it is marked as resuming, so the
 * run count does not grow when it runs again.
 */
public final class HandleResumingPausedFlows extends AbstractOrchestrationRule {

    public HandleResumingPausedFlows() {
        super("HandleResumingPausedFlows",
                "Lets a paused flow run resume, be rescheduled or finish, and fails it once its pause timed out.",
                Set.of(RunKind.FLOW), Set.of(StateType.PAUSED), false, StateType.ALL);
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State initial = context.initialState().orElseThrow();
        State proposed = context.proposedState().orElseThrow();
        if (!(proposed.is(StateType.RUNNING) || proposed.is(StateType.SCHEDULED) || proposed.isTerminal())) {
            context.rejectKeepCurrent("This run cannot transition to the " + proposed.type().name()
                    + " state from the " + initial.type().name() + " state.");
            return;
        }
        String verb = HandlePausingFlows.verb(proposed);
        String proposedName = HandlePausingFlows.lower(proposed.name());
        if (initial.details().reschedulesOnPause() && context.run().deploymentId() == null) {
            context.rejectKeepCurrent("Cannot reschedule a " + proposedName + " flow run without a deployment.");
            return;
        }
        Instant timeout = initial.details().pauseTimeout();
        if (timeout != null && timeout.isBefore(context.now())) {
            context.reject(State.failed("The flow was " + proposedName + " and never resumed."),
                    "The flow run " + verb + " has timed out and can no longer resume.");
        }
    }

    @Override
    public void afterTransition(TransitionContext context) {
        context.updateRun(run -> run.withPolicy(run.policy().withResuming(true)));
    }
}
