package dev.orion.host.limits;

import dev.orion.api.OrionException;
import dev.orion.host.store.Database;
import dev.orion.host.store.GlobalLimitStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Global concurrency limits and rate limits as flows take them: those of the local store
 * (embedded) or of the server at {@code ORION_API_URL} through {@code /api/v2/concurrency_limits}.
 * Implementations are thread-safe.
 */
public interface GlobalLimits {

    /**
     * Takes {@code slots} on every named limit, waiting while any is full; returns what frees
     * them (nothing to free for a rate limit: its slots decay). The slots are recorded as held by
     * {@code flowRunId}, so they are freed should that run be declared Crashed.
     *
     * @throws dev.orion.api.OrionException when more slots are asked than a limit has, a rate
     *     limit has no decay, or {@code timeout} passes first
     */
    Runnable acquire(List<String> names, int slots, boolean rateLimit, Duration timeout, UUID flowRunId);

    /** None: acquiring is refused (an engine with no store). */
    GlobalLimits NONE = (names, slots, rateLimit, timeout, flowRunId) -> {
        throw new OrionException("this engine has no store for concurrency limits; run with Orion.local()");
    };

    /** The limits of the local store. */
    static GlobalLimits of(Database db) {
        return new LocalGlobalLimits(new GlobalLimitStore(db));
    }
}
