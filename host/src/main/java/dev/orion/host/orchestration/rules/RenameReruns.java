package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Names the Running state of a task run that has run before: Retrying when it comes from
 * AwaitingRetry, Rerunning otherwise.
 */
public final class RenameReruns extends AbstractOrchestrationRule {

    public RenameReruns() {
        super("RenameReruns",
                "Names a task run's later attempts Retrying or Rerunning.",
                Set.of(RunKind.TASK), StateType.ALL, true, Set.of(StateType.RUNNING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        if (context.run().runCount() > 0) {
            boolean awaitingRetry = context.initialState().map(s -> "AwaitingRetry".equals(s.name())).orElse(false);
            context.renameProposed(awaitingRetry ? "Retrying" : "Rerunning");
        }
    }
}
