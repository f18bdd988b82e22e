package dev.orion.host.orchestration.rules;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a task run about to run with the Completed state cached under its cache key, if one
 * has not expired: the run becomes Cached (a fresh copy of that state) instead of running. A
 * proposal that asks to refresh the cache runs anyway.
 */
public final class CacheRetrieval extends AbstractOrchestrationRule {

    public CacheRetrieval() {
        super("CacheRetrieval",
                "Completes a task run from the cache when an unexpired state is stored under its cache key.",
                Set.of(RunKind.TASK), StateType.ALL, true, Set.of(StateType.RUNNING));
    }

    @Override
    public void beforeTransition(TransitionContext context) {
        State proposed = context.proposedState().orElseThrow();
        String cacheKey = proposed.details().cacheKey();
        if (cacheKey == null || proposed.details().refreshesCache()) {
            return;
        }
        Optional<State> cached = context.data().findCachedState(cacheKey, context.now());
        if (cached.isPresent()) {
            State fresh = cached.get().withName("Cached").withTimestamp(context.now());
            context.reject(fresh, "Retrieved state from cache");
        }
    }
}
