package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.FlowRunSnapshot;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Lets a task run start only while its flow run is Running. While the flow run is Paused the
 * task run is Paused too ("NotReady", with the flow's pause timeout); otherwise the attempt is
 * aborted. A task run without a flow run is not concerned.
 */
public final class PreventRunningTasksFromStoppedFlows extends AbstractOrchestrationRule {

    static final String NOT_RUNNING = "The enclosing flow must be running to begin task execution.";

    public PreventRunningTasksFromStoppedFlows() {
        super("PreventRunningTasksFromStoppedFlows",
                "Lets a task run start only while its flow run is running.",
                Set.of(RunKind.TASK), StateType.ALL, true, Set.of(StateType.RUNNING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        FlowRunSnapshot flowRun = context.run().flowRun();
        if (flowRun == null) {
            return;
        }
        State flowState = flowRun.state();
        if (flowState == null) {
            context.abort(NOT_RUNNING);
        } else if (flowState.is(StateType.PAUSED)) {
            StateDetails pause = flowState.details();
            State notReady = State.of(StateType.PAUSED, "NotReady").withDetails(
                    StateDetails.EMPTY.withPause(pause.pauseTimeout(), pause.pauseReschedule(), null));
            context.reject(notReady,
                    "The flow is paused, new tasks can execute after resuming flow run: " + flowRun.id() + ".");
        } else if (!flowState.is(StateType.RUNNING)) {
            context.abort(NOT_RUNNING);
        }
    }
}
