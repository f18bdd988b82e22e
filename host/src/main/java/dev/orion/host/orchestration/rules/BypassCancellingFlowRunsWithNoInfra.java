package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Cancels a flow run at once, instead of through Cancelling, when there is no infrastructure to
 * tear down: a Scheduled run no engine has picked up yet (no infrastructure pid), a run that is
 * Resuming, or a Paused run that was suspended (it gave up its infrastructure). An AwaitingRetry
 * run that still has its infrastructure goes through Cancelling as usual.
 */
public final class BypassCancellingFlowRunsWithNoInfra extends AbstractOrchestrationRule {

    public BypassCancellingFlowRunsWithNoInfra() {
        super("BypassCancellingFlowRunsWithNoInfra",
                "Cancels a scheduled or suspended flow run directly when it has no infrastructure to stop.",
                Set.of(RunKind.FLOW), Set.of(StateType.SCHEDULED, StateType.PAUSED), false,
                Set.of(StateType.CANCELLING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State initial = context.initialState().orElseThrow();
        boolean scheduledWithoutInfra = initial.is(StateType.SCHEDULED) && context.run().infrastructurePid() == null;
        if (scheduledWithoutInfra || "Resuming".equals(initial.name())) {
            context.reject(State.of(StateType.CANCELLED), "Scheduled flow run has no infrastructure to terminate.");
        } else if (initial.is(StateType.PAUSED) && initial.details().reschedulesOnPause()) {
            context.reject(State.of(StateType.CANCELLED), "Suspended flow run has no infrastructure to terminate.");
        }
    }
}
