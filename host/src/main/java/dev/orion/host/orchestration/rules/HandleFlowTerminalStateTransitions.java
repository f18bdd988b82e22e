package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.api.orchestration.TransitionContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Guards flow runs in a terminal state. They may not become Cancelling, Paused or Crashed; a
 * Completed run whose result is persisted may not be re-run; a run without a deployment may not
 * be rescheduled. A run that leaves a terminal state for a non-terminal one (a manual retry)
 * forgets its pause bookkeeping, which {@link #cleanup} restores if the transition fizzles.
 */
public final class HandleFlowTerminalStateTransitions extends AbstractOrchestrationRule {

    static final Set<StateType> NO_RETURN = Set.copyOf(
            EnumSet.of(StateType.CANCELLING, StateType.PAUSED, StateType.CRASHED));

    private static final String ORIGINAL_POLICY = "originalPolicy";

    public HandleFlowTerminalStateTransitions() {
        super("HandleFlowTerminalStateTransitions",
                "Keeps finished flow runs finished, except for reruns that are allowed.",
                Set.of(RunKind.FLOW), StateType.TERMINAL, false, StateType.ALL);
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State initial = context.initialState().orElseThrow();
        State proposed = context.proposedState().orElseThrow();
        context.ruleData().put(ORIGINAL_POLICY, context.run().policy());

        if (NO_RETURN.contains(proposed.type())) {
            context.abort("Run is already in terminal state " + initial.type().name() + ".");
            return;
        }
        if (initial.is(StateType.COMPLETED) && !proposed.isTerminal() && initial.resultRef() != null) {
            context.rejectKeepCurrent("Run is already COMPLETED.");
            return;
        }
        if (proposed.is(StateType.SCHEDULED) && context.run().deploymentId() == null) {
            context.abort("Cannot reschedule a run without an associated deployment.");
            return;
        }
        if (!proposed.isTerminal()) {
            context.updateRun(run -> run.withPolicy(run.policy().withResuming(false).withoutPauseKeys()));
        }
    }

    @Override
    public void cleanup(TransitionContext context) {
        if (context.ruleData().get(ORIGINAL_POLICY) instanceof RunPolicy original) {
            context.updateRun(run -> run.withPolicy(original));
        }
    }
}
