package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Aborts a move to Pending from Pending, Running, Cancelling or Cancelled. Before a worker
 * submits a flow run it puts the run in Pending; a second worker submitting the same run meets
 * Pending (or, if the run already started, Running) and must back off. Cancelling and Cancelled
 * runs are re-run through Scheduled (deployed) or straight to Running (ad hoc), never Pending.
 */
public final class PreventPendingTransitions extends AbstractOrchestrationRule {

    public PreventPendingTransitions() {
        super("PreventPendingTransitions",
                "Stops a flow run from being submitted twice by refusing Pending from an active or cancelled state.",
                Set.of(RunKind.FLOW),
                Set.of(StateType.PENDING, StateType.CANCELLING, StateType.RUNNING, StateType.CANCELLED), false,
                Set.of(StateType.PENDING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        StateType from = context.initialState().orElseThrow().type();
        context.abort("This run is in a " + from.name() + " state and cannot transition to a PENDING state.");
    }
}
