package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Carries the scheduled time from a Scheduled state onto the Pending state that follows it,
 * unless the Pending state brings its own, so that {@link WaitForScheduledTime} still sees it.
 */
public final class CopyScheduledTime extends AbstractOrchestrationRule {

    public CopyScheduledTime() {
        super("CopyScheduledTime",
                "Copies the scheduled time from Scheduled to Pending.",
                RunKind.BOTH, Set.of(StateType.SCHEDULED), false, Set.of(StateType.PENDING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State initial = context.initialState().orElseThrow();
        if (context.proposedState().orElseThrow().details().scheduledTime() == null) {
            context.updateProposed(s -> s.withDetails(
                    s.details().withScheduledTime(initial.details().scheduledTime())));
        }
    }
}
