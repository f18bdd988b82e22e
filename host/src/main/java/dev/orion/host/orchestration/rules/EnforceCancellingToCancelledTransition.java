package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Keeps a cancelling (or cancelled) flow run where it is unless it becomes Cancelled: whatever
 * the run was doing, once cancellation started, Cancelled is the only way on.
 */
public final class EnforceCancellingToCancelledTransition extends AbstractOrchestrationRule {

    public EnforceCancellingToCancelledTransition() {
        super("EnforceCancellingToCancelledTransition",
                "Lets a cancelling flow run move only to Cancelled.",
                Set.of(RunKind.FLOW), Set.of(StateType.CANCELLED, StateType.CANCELLING), false,
                StateType.allExcept(StateType.CANCELLED));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        context.rejectKeepCurrent("Cannot transition flows that are cancelling to a state other than Cancelled.");
    }
}
