package dev.orion.host.testing;

import dev.orion.api.State;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.api.orchestration.OrchestrationData;
import dev.orion.api.orchestration.SlotAcquisition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the store would tell rules, in memory, for the rule test kit: concurrency limits with
 * their holders, cached states, and the final states of a flow's earlier runs. Slots are taken
 * all or none and a limit of 0 wins over a full one, as in the store. Not thread-safe.
 */
public final class InMemoryOrchestrationData implements OrchestrationData {

    private record Limit(int limit, Set<UUID> holders) {
    }

    private record Cached(String key, State state, Instant expiration, UUID taskRunId) {
    }

    private final Map<String, Limit> limits = new TreeMap<>();
    private final List<Cached> cache = new ArrayList<>();

    /** The data a spec starts from: its limits, its cache entries and its flow's history. */
    public static InMemoryOrchestrationData of(TransitionSpec spec) {
        InMemoryOrchestrationData data = new InMemoryOrchestrationData();
        for (ConcurrencyLimit limit : spec.limits()) {
            data.limits.put(limit.tag(), new Limit(limit.limit(), new LinkedHashSet<>(limit.activeSlots())));
        }
        for (TransitionSpec.CacheEntry entry : spec.cache()) {
            data.putCachedState(entry.key(), entry.state(), entry.expiration(), UUID.randomUUID());
        }
        if (!spec.flowHistory().isEmpty()) {
            data.flowHistory.put(spec.run().flowName(), new ArrayList<>(spec.flowHistory()));
        }
        return data;
    }

    /** Creates or changes a limit, keeping its holders. */
    public InMemoryOrchestrationData setLimit(String tag, int limit) {
        Limit old = limits.get(tag);
        limits.put(tag, new Limit(limit, old == null ? new LinkedHashSet<>() : old.holders()));
        return this;
    }

    public void deleteLimit(String tag) {
        limits.remove(tag);
    }

    /** How many runs hold a slot of the tag's limit. */
    public int activeSlots(String tag) {
        Limit limit = limits.get(tag);
        return limit == null ? 0 : limit.holders().size();
    }

    public Set<UUID> holders(String tag) {
        return Set.copyOf(limits.get(tag).holders());
    }

    @Override
    public Optional<State> findCachedState(String cacheKey, Instant now) {
        for (int i = cache.size() - 1; i >= 0; i--) {
            Cached c = cache.get(i);
            if (c.key().equals(cacheKey) && (c.expiration() == null || c.expiration().isAfter(now))) {
                return Optional.of(c.state());
            }
        }
        return Optional.empty();
    }

    @Override
    public void putCachedState(String cacheKey, State state, Instant expiration, UUID taskRunId) {
        cache.add(new Cached(cacheKey, state, expiration, taskRunId));
    }

    @Override
    public SlotAcquisition acquireSlots(Set<String> tags, UUID runId) {
        List<String> limited = tags.stream().filter(limits::containsKey).sorted().toList();
        for (String tag : limited) {
            if (limits.get(tag).limit() == 0) {
                return new SlotAcquisition(SlotAcquisition.Outcome.ZERO_LIMIT, tag);
            }
        }
        for (String tag : limited) {
            Limit limit = limits.get(tag);
            if (!limit.holders().contains(runId) && limit.holders().size() >= limit.limit()) {
                return new SlotAcquisition(SlotAcquisition.Outcome.LIMIT_REACHED, tag);
            }
        }
        limited.forEach(tag -> limits.get(tag).holders().add(runId));
        return SlotAcquisition.ACQUIRED;
    }

    @Override
    public void releaseSlots(Set<String> tags, UUID runId) {
        for (String tag : tags) {
            Limit limit = limits.get(tag);
            if (limit != null) {
                limit.holders().remove(runId);
            }
        }
    }

    /** Final states of earlier runs by flow name, newest first. */
    private final Map<String, List<State>> flowHistory = new HashMap<>();

    /** An earlier run of the flow ended in {@code state} (newer than those added before). */
    public InMemoryOrchestrationData flowRunEnded(String flowName, State state) {
        flowHistory.computeIfAbsent(flowName, k -> new ArrayList<>()).addFirst(state);
        return this;
    }

    @Override
    public List<State> recentFinalFlowRunStates(String flowName, int limit) {
        List<State> states = flowHistory.getOrDefault(flowName, List.of());
        return states.subList(0, Math.min(limit, states.size()));
    }
}
