package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Rejects a proposal whose transition id equals the current state's, returning the current
 * state: a client that retried a request whose answer it lost gets the same outcome again
 * instead of a second transition.
 */
public final class PreventDuplicateTransitions extends AbstractOrchestrationRule {

    public PreventDuplicateTransitions() {
        super("PreventDuplicateTransitions",
                "Rejects a proposal that repeats the transition id of the current state.",
                Set.of(RunKind.FLOW), StateType.ALL, true, StateType.ALL);
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        UUID initialId = context.initialState().map(s -> s.details().transitionId()).orElse(null);
        UUID proposedId = context.proposedState().map(s -> s.details().transitionId()).orElse(null);
        if (initialId != null && Objects.equals(initialId, proposedId)) {
            context.rejectKeepCurrent("This run has already made this state transition.");
        }
    }
}
