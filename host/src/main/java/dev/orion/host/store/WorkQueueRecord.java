package dev.orion.host.store;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A work queue: where scheduled runs wait for a worker.
 *
 * @param concurrencyLimit at most this many of its runs Pending or Running at once; null for no limit
 */
public record WorkQueueRecord(UUID id, String name, String description, boolean paused, Integer concurrencyLimit,
                              int priority, Set<String> tags, Instant lastPolled, Instant created, Instant updated) {

    public WorkQueueRecord {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }
}
