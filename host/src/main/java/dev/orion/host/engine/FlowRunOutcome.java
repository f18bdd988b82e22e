package dev.orion.host.engine;

import dev.orion.api.State;
import dev.orion.api.StateType;
import java.time.Duration;
import java.util.UUID;

/**
 * How a flow run ended.
 *
 * @param flowRunId the flow run's id
 * @param flowName  the flow's name
 * @param runName   the flow run's generated name
 * @param state     its final state (or the state it was stopped in)
 * @param result    its result when Completed
 * @param error     what stopped it when not Completed; null otherwise
 * @param duration  how long the engine worked on it
 */
public record FlowRunOutcome(UUID flowRunId, String flowName, String runName, State state, Object result,
        Throwable error, Duration duration) {

    /** Whether the run ended Completed. */
    public boolean isCompleted() {
        return error == null && state.is(StateType.COMPLETED);
    }
}
