package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Set;

/**
 * Stores a task run's Completed state under its cache key once it is written, reusable until
 * the state's cache expiration, for {@link CacheRetrieval} to hand to later runs.
 */
public final class CacheInsertion extends AbstractOrchestrationRule {

    public CacheInsertion() {
        super("CacheInsertion",
                "Caches a completed task run's state under its cache key.",
                Set.of(RunKind.TASK), StateType.ALL, true, Set.of(StateType.COMPLETED));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        // all of this rule's work happens once the Completed state is written
    }

    @Override
    public void afterTransition(TransitionContext context) {
        State validated = context.validatedState().orElse(null);
        if (validated == null || validated.details().cacheKey() == null) {
            return;
        }
        context.data().putCachedState(validated.details().cacheKey(), validated,
                validated.details().cacheExpiration(), context.run().id());
    }
}
