package dev.orion.host.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A work pool (Prefect's): a named group of work queues that workers of one type serve.
 *
 * @param baseJobTemplate  the pool's job template, a JSON object kept as the client sent it
 * @param concurrencyLimit kept and answered; Orion does not enforce it yet (its queues' limits hold)
 */
public record WorkPoolRecord(UUID id, String name, String description, String type, String baseJobTemplate,
                             boolean paused, Integer concurrencyLimit, Instant created, Instant updated) {

    /** Whether this is Prefect's {@code default-agent-pool}, which holds Orion's own work queues. */
    public boolean isDefault() {
        return WorkPoolStore.DEFAULT_POOL_ID.equals(id);
    }
}
