package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.RunInfo;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Governs a flow run entering Paused (or Suspended, a pause that gives up the infrastructure and
 * is rescheduled on resume). Only a Running run may pause; each pause key fires once; a run may
 * suspend only if it is not a subflow and has a deployment to be rescheduled from. Once a pause
 * is written, its key is recorded on the run.
 */
public final class HandlePausingFlows extends AbstractOrchestrationRule {

    private static final String PAUSE_KEY = "pauseKey";

    public HandlePausingFlows() {
        super("HandlePausingFlows",
                "Lets a running flow run pause once per pause point; only deployed top-level runs may suspend.",
                Set.of(RunKind.FLOW), StateType.ALL, true, Set.of(StateType.PAUSED));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State proposed = context.proposedState().orElseThrow();
        String verb = verb(proposed);
        if (context.initialState().isEmpty()) {
            context.abort("Cannot " + verb + " flows with no state.");
            return;
        }
        if (!context.initialState().get().is(StateType.RUNNING)) {
            context.rejectKeepCurrent("Cannot " + verb + " flows that are not currently running.");
            return;
        }
        String key = proposed.details().pauseKey() != null
                ? proposed.details().pauseKey()
                : UUID.randomUUID().toString();
        context.ruleData().put(PAUSE_KEY, key);
        RunInfo run = context.run();
        if (run.policy().pauseKeys().contains(key)) {
            context.rejectKeepCurrent("This " + verb + " has already fired.");
            return;
        }
        if (proposed.details().reschedulesOnPause()) {
            if (run.parentTaskRunId() != null) {
                context.abort("Cannot " + verb + " subflows.");
            } else if (run.deploymentId() == null) {
                context.abort("Cannot " + verb + " flows without a deployment.");
            }
        }
    }

    @Override
    public void afterTransition(TransitionContext context) {
        if (context.ruleData().get(PAUSE_KEY) instanceof String key) {
            context.updateRun(run -> run.withPolicy(run.policy().withPauseKey(key)));
        }
    }

    /** "suspend" for a Suspended state, else "pause", as the reasons say it. */
    static String verb(State proposed) {
        return "Suspended".equals(proposed.name()) ? "suspend" : "pause";
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
