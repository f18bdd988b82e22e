package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.SlotAcquisition;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Takes a concurrency slot on every limited tag of a task run before it may run, all or none.
 * When a limit is full the run waits (a default of 30 s, as Prefect's
 * {@code PREFECT_TASK_RUN_TAG_CONCURRENCY_SLOT_WAIT_SECONDS}; the engine wakes earlier when a
 * slot is freed); a limit of 0 would never let it run, so the attempt is aborted. If a later
 * rule changes the transition, {@link #cleanup} gives back the slots taken.
 */
public final class SecureTaskConcurrencySlots extends AbstractOrchestrationRule {

    /** How long a run waits for a full limit by default, in seconds. */
    public static final double DEFAULT_WAIT_SECONDS = 30;

    private static final String TAGS = "tags";

    private final double waitSeconds;

    public SecureTaskConcurrencySlots() {
        this(DEFAULT_WAIT_SECONDS);
    }

    /** @param waitSeconds how long a run is told to wait when a limit is full */
    public SecureTaskConcurrencySlots(double waitSeconds) {
        super("SecureTaskConcurrencySlots",
                "Takes a concurrency slot for each of a task run's tags before it runs.",
                Set.of(RunKind.TASK), StateType.ALL, true, Set.of(StateType.RUNNING));
        if (!(waitSeconds >= 0)) {
            throw new IllegalArgumentException("the slot wait must be >= 0 seconds, got " + waitSeconds);
        }
        this.waitSeconds = waitSeconds;
    }

    public double waitSeconds() {
        return waitSeconds;
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        Set<String> tags = context.run().tags();
        if (tags.isEmpty()) {
            return;
        }
        SlotAcquisition slots = context.data().acquireSlots(tags, context.run().id());
        switch (slots.outcome()) {
            case ACQUIRED -> context.ruleData().put(TAGS, tags);
            case LIMIT_REACHED -> context.delay(waitSeconds,
                    "Concurrency limit for the " + slots.tag() + " tag has been reached");
            case ZERO_LIMIT -> context.abort("The concurrency limit on tag \"" + slots.tag()
                    + "\" is 0 and will deadlock if the task tries to run again.");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void cleanup(TransitionContext context) {
        if (context.ruleData().get(TAGS) instanceof Set<?> tags) {
            context.data().releaseSlots((Set<String>) tags, context.run().id());
        }
    }
}
