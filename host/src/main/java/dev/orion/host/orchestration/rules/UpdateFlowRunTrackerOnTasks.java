package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Records, when a task run starts running, which attempt of its flow run it runs in (the flow
 * run's run count), so that {@link HandleTaskTerminalStateTransitions} can tell a flow retry.
 */
public final class UpdateFlowRunTrackerOnTasks extends AbstractOrchestrationRule {

    public UpdateFlowRunTrackerOnTasks() {
        super("UpdateFlowRunTrackerOnTasks",
                "Records the flow run attempt a task run runs in.",
                Set.of(RunKind.TASK), StateType.ALL, true, Set.of(StateType.RUNNING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        // all of this rule's work happens once the Running state is written
    }

    @Override
    public void afterTransition(TransitionContext context) {
        FlowRunSnapshot flowRun = context.run().flowRun();
        if (flowRun != null) {
            context.updateRun(run -> run.withFlowRunRunCount(flowRun.runCount()));
        }
    }
}
