package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Guards task runs in a terminal state. They may not become Cancelling, Paused or Crashed, and a
 * Completed run whose result is persisted may not be re-run. A run that leaves a terminal state
 * for a non-terminal one starts its retries afresh (run count 0; this is what lets a retried
 * flow re-run its failed tasks), and is named Retrying when its flow run is on a later attempt
 * than the one it last ran in. {@link #cleanup} restores the run count if the transition fizzles.
 */
public final class HandleTaskTerminalStateTransitions extends AbstractOrchestrationRule {

    private static final String ORIGINAL_RUN_COUNT = "originalRunCount";

    public HandleTaskTerminalStateTransitions() {
        super("HandleTaskTerminalStateTransitions",
                "Keeps finished task runs finished, except for reruns; a rerun starts its retries afresh.",
                Set.of(RunKind.TASK), StateType.TERMINAL, false, StateType.ALL);
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State initial = context.initialState().orElseThrow();
        State proposed = context.proposedState().orElseThrow();
        context.ruleData().put(ORIGINAL_RUN_COUNT, context.run().runCount());

        if (HandleFlowTerminalStateTransitions.NO_RETURN.contains(proposed.type())) {
            context.abort("Run is already " + initial.type().name() + ".");
            return;
        }
        if (initial.is(StateType.COMPLETED) && initial.resultRef() != null) {
            context.rejectKeepCurrent("This run is already completed.");
            return;
        }
        if (!proposed.isTerminal()) {
            context.updateRun(run -> run.withRunCount(0));
        }
        FlowRunSnapshot flowRun = context.run().flowRun();
        if (proposed.is(StateType.RUNNING) && flowRun != null
                && context.run().flowRunRunCount() < flowRun.runCount()) {
            context.renameProposed("Retrying");
        }
    }

    @Override
    public void cleanup(TransitionContext context) {
        if (context.ruleData().get(ORIGINAL_RUN_COUNT) instanceof Integer original) {
            context.updateRun(run -> run.withRunCount(original));
        }
    }
}
