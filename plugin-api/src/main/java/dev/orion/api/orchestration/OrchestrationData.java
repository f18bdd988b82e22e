package dev.orion.api.orchestration;

import dev.orion.api.State;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The stored data that rules may read and change while deciding: cached task states and
 * concurrency slots. Implementations are thread-safe and see every earlier decision.
 */
public interface OrchestrationData {

    /** The newest Completed state stored under this cache key that has not expired at {@code now}. */
    Optional<State> findCachedState(String cacheKey, Instant now);

    /** Stores a Completed state under its cache key, reusable until {@code expiration} (null: forever). */
    void putCachedState(String cacheKey, State state, Instant expiration, UUID taskRunId);

    /**
     * Takes a slot for the run on every concurrency limit among the tags, all or none.
     * Taking a slot the run already holds succeeds without taking another.
     */
    SlotAcquisition acquireSlots(Set<String> tags, UUID runId);

    /** Frees the run's slots on the tags' limits; slots it does not hold are ignored. */
    void releaseSlots(Set<String> tags, UUID runId);

    /**
     * The final states of the flow's most recent finished runs, newest first, at most
     * {@code limit} of them (for rules that look at a flow's history, such as a circuit breaker).
     */
    List<State> recentFinalFlowRunStates(String flowName, int limit);
}
