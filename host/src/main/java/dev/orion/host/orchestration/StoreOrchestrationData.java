package dev.orion.host.orchestration;

import dev.orion.api.State;
import dev.orion.api.orchestration.OrchestrationData;
import dev.orion.api.orchestration.SlotAcquisition;
import dev.orion.host.store.CacheStore;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.RunStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Cache entries and concurrency slots for rules, backed by the store. Cache entries this
 * process wrote are also kept in memory, so a lookup never misses an entry whose write is
 * still queued. Slot changes are transactional in the store. Thread-safe.
 */
final class StoreOrchestrationData implements OrchestrationData {

    private record CachedEntry(State state, Instant expiration) {
    }

    private static final int RECENT_CACHE_ENTRIES = 10_000;

    private final CacheStore cache;
    private final ConcurrencyLimitStore limits;
    private final Runnable onSlotsFreed;
    private final RunStore runs;
    private final Map<String, CachedEntry> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedEntry> eldest) {
            return size() > RECENT_CACHE_ENTRIES;
        }
    };

    StoreOrchestrationData(CacheStore cache, ConcurrencyLimitStore limits, RunStore runs, Runnable onSlotsFreed) {
        this.cache = cache;
        this.runs = runs;
        this.limits = limits;
        this.onSlotsFreed = onSlotsFreed;
    }

    @Override
    public Optional<State> findCachedState(String cacheKey, Instant now) {
        CachedEntry entry;
        synchronized (recent) {
            entry = recent.get(cacheKey);
        }
        if (entry != null && (entry.expiration == null || entry.expiration.isAfter(now))) {
            return Optional.of(entry.state);
        }
        return cache.find(cacheKey, now);
    }

    @Override
    public void putCachedState(String cacheKey, State state, Instant expiration, UUID taskRunId) {
        synchronized (recent) {
            recent.put(cacheKey, new CachedEntry(state, expiration));
        }
        cache.put(cacheKey, state, expiration, taskRunId);
    }

    @Override
    public SlotAcquisition acquireSlots(Set<String> tags, UUID runId) {
        Set<String> limited = limitedAmong(tags);
        return limited.isEmpty() ? SlotAcquisition.ACQUIRED : limits.acquire(limited, runId);
    }

    @Override
    public void releaseSlots(Set<String> tags, UUID runId) {
        Set<String> limited = limitedAmong(tags);
        if (!limited.isEmpty() && limits.release(limited, runId)) {
            onSlotsFreed.run();
        }
    }

    @Override
    public List<State> recentFinalFlowRunStates(String flowName, int limit) {
        return runs.recentFinalStates(flowName, limit);
    }

    private Set<String> limitedAmong(Set<String> tags) {
        if (tags.isEmpty()) {
            return Set.of();
        }
        Set<String> limited = new HashSet<>(limits.limitedTags());
        limited.retainAll(tags);
        return limited;
    }
}
