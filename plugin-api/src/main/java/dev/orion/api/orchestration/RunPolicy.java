package dev.orion.api.orchestration;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A run's retry settings and pause bookkeeping, as Prefect 2's {@code empirical_policy}.
 *
 * @param retries             how many times a failed run is retried; 0 for none
 * @param retryDelaysSeconds  the delay before each retry; the last one is reused for later retries
 * @param retryJitterFactor   randomizes each delay by up to this factor of itself; null for none
 * @param pauseKeys           the pause points a flow run has already passed
 * @param resuming            true while a paused flow run is resuming (its run count does not grow)
 */
public record RunPolicy(
        int retries,
        List<Double> retryDelaysSeconds,
        Double retryJitterFactor,
        Set<String> pauseKeys,
        boolean resuming) {

    /** No retries, nothing paused. */
    public static final RunPolicy NONE = new RunPolicy(0, List.of(), null, Set.of(), false);

    public RunPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        retryDelaysSeconds = retryDelaysSeconds == null ? List.of() : List.copyOf(retryDelaysSeconds);
        pauseKeys = pauseKeys == null ? Set.of() : Set.copyOf(pauseKeys);
    }

    /** Retries with one delay reused for every attempt. */
    public static RunPolicy retries(int retries, double delaySeconds) {
        return new RunPolicy(retries, List.of(delaySeconds), null, Set.of(), false);
    }

    /**
     * The delay before the retry that follows attempt {@code runCount} (1-based): the
     * {@code runCount}-th delay of the list, or its last when the list is shorter.
     */
    public double baseDelayAfterAttempt(int runCount) {
        if (retryDelaysSeconds.isEmpty()) {
            return 0;
        }
        int index = Math.max(0, Math.min(runCount - 1, retryDelaysSeconds.size() - 1));
        return retryDelaysSeconds.get(index);
    }

    public RunPolicy withPauseKey(String key) {
        var keys = new HashSet<>(pauseKeys);
        keys.add(key);
        return new RunPolicy(retries, retryDelaysSeconds, retryJitterFactor, keys, resuming);
    }

    public RunPolicy withoutPauseKeys() {
        return new RunPolicy(retries, retryDelaysSeconds, retryJitterFactor, Set.of(), resuming);
    }

    public RunPolicy withResuming(boolean value) {
        return new RunPolicy(retries, retryDelaysSeconds, retryJitterFactor, pauseKeys, value);
    }
}
