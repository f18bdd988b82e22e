package dev.orion.host.store;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A work queue: where scheduled runs wait for a worker.
 *
 * @param concurrencyLimit at most this many of its runs Pending or Running at once; null for no limit
 * @param workPoolId       the pool that holds it; null for Prefect's default pool, which holds Orion's queues
 */
public record WorkQueueRecord(UUID id, String name, String description, boolean paused, Integer concurrencyLimit,
                              int priority, Set<String> tags, Instant lastPolled, Instant created, Instant updated, UUID workPoolId) {

    public WorkQueueRecord {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** A queue of the default pool. */
    public WorkQueueRecord(UUID id, String name, String description, boolean paused, Integer concurrencyLimit,
                           int priority, Set<String> tags, Instant lastPolled, Instant created, Instant updated) {
        this(id, name, description, paused, concurrencyLimit, priority, tags, lastPolled, created, updated, null);
    }
}
