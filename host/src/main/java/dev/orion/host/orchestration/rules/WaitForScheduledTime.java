package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Makes a run that tries to start before its scheduled time wait until then, by the
 * orchestrator's clock rather than the engine's. The delay is rounded to whole seconds; a run
 * less than half a second early starts at once.
 */
public final class WaitForScheduledTime extends AbstractOrchestrationRule {

    public WaitForScheduledTime() {
        super("WaitForScheduledTime",
                "Makes a run wait until its scheduled time before it starts running.",
                RunKind.BOTH, Set.of(StateType.SCHEDULED, StateType.PENDING), false, Set.of(StateType.RUNNING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        Instant scheduledTime = context.initialState().orElseThrow().details().scheduledTime();
        if (scheduledTime == null) {
            return;
        }
        long delaySeconds = Math.round(Duration.between(context.now(), scheduledTime).toMillis() / 1000.0);
        if (delaySeconds > 0) {
            context.delay(delaySeconds, "Scheduled time is in the future");
        }
    }
}
