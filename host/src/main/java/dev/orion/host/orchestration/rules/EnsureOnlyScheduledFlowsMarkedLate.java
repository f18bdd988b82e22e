package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Optional;
import java.util.Set;

/**
 * Lets only a Scheduled flow run be marked Late, so that the late-run marker never drags a run
 * that already started back to Scheduled.
 */
public final class EnsureOnlyScheduledFlowsMarkedLate extends AbstractOrchestrationRule {

    static final String REASON = "Only scheduled flows can be marked late.";

    public EnsureOnlyScheduledFlowsMarkedLate() {
        super("EnsureOnlyScheduledFlowsMarkedLate",
                "Refuses to mark a flow run Late unless it is Scheduled.",
                Set.of(RunKind.FLOW), StateType.ALL, true, Set.of(StateType.SCHEDULED));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State proposed = context.proposedState().orElseThrow();
        if (!"Late".equals(proposed.name())) {
            return;
        }
        Optional<State> initial = context.initialState();
        if (initial.isEmpty()) {
            // There is no current state to keep, so the proposal cannot be rejected; refuse it outright.
            context.abort(REASON);
        } else if (!initial.get().is(StateType.SCHEDULED)) {
            context.rejectKeepCurrent(REASON);
        }
    }
}
