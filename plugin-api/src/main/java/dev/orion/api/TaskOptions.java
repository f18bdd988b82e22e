package dev.orion.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The options of a {@link Task}; set them with the task's {@code withX} methods.
 *
 * @param name              the task's name; also its key in the flow run
 * @param description       what it does; may be null
 * @param version           its version; may be null
 * @param retries           how many times a failed run is retried
 * @param retryDelays       the delay before each retry; the last is reused; empty for none
 * @param retryJitterFactor randomizes each delay by up to this factor of itself; null for none
 * @param timeout           a run longer than this is interrupted and ends TimedOut; null for none
 * @param tags              tags (concurrency limits apply by tag)
 * @param cacheKeyFn        computes a cache key from the arguments; null for no caching
 * @param cacheExpiration   how long a cached result stays reusable; null for ever
 * @param persistResult     store the result as JSON; null: only when caching needs it
 * @param refreshCache      run even when the key has a cached result, and cache the new one
 */
public record TaskOptions(
        String name,
        String description,
        String version,
        int retries,
        List<Duration> retryDelays,
        Double retryJitterFactor,
        Duration timeout,
        Set<String> tags,
        Function<List<Object>, String> cacheKeyFn,
        Duration cacheExpiration,
        Boolean persistResult,
        boolean refreshCache) {

    public TaskOptions {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a task needs a name, got a blank one");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        retryDelays = retryDelays == null ? List.of() : List.copyOf(retryDelays);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    static TaskOptions named(String name) {
        return new TaskOptions(name, null, null, 0, List.of(), null, null, Set.of(), null, null, null, false);
    }

    /** Whether the result is written to result storage. */
    public boolean persistsResult() {
        return persistResult != null ? persistResult : cacheKeyFn != null;
    }
}
