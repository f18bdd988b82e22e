package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Frees a task run's concurrency slots once it is in a state other than Running or Cancelling,
 * whatever the other rules decided, unless no state was written at all (a WAIT, an ABORT or a
 * rejection that kept the current state). Universal, like Prefect's
 * {@code BaseUniversalTransform}: it never fizzles.
 */
public final class ReleaseTaskConcurrencySlots extends AbstractOrchestrationRule {

    private static final Set<StateType> HOLDING = Set.of(StateType.RUNNING, StateType.CANCELLING);

    public ReleaseTaskConcurrencySlots() {
        super("ReleaseTaskConcurrencySlots",
                "Frees a task run's concurrency slots when it leaves Running or Cancelling.",
                Set.of(RunKind.TASK), StateType.ALL, true, StateType.ALL);
    }

    @Override
    public boolean universal() {
        return true;
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        // all of this rule's work happens once the outcome is written
    }

    @Override
    public void afterTransition(TransitionContext context) {
        if (context.proposedState().isEmpty()) {
            return; // nullified: nothing was written, the run keeps what it holds
        }
        State validated = context.validatedState().orElse(null);
        if (validated != null && !HOLDING.contains(validated.type()) && !context.run().tags().isEmpty()) {
            context.data().releaseSlots(context.run().tags(), context.run().id());
        }
    }
}
