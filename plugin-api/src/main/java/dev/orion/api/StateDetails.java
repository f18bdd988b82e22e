package dev.orion.api;

import java.time.Instant;
import java.util.UUID;

/**
 * What a state carries besides its type and name. Every field may be null.
 *
 * @param scheduledTime   when a Scheduled (or AwaitingRetry) run should start
 * @param cacheKey        the cache key a task run computed for its inputs
 * @param cacheExpiration when a cached result stops being reusable; null means never
 * @param refreshCache    true to ignore any cached state and run anyway
 * @param retryAttempt    for AwaitingRetry and Retrying states: the attempt about to run (2 = first retry)
 * @param transitionId    identifies one proposal, so a retried proposal is recognised as a duplicate
 * @param pauseTimeout    when a Paused run fails if nobody resumed it
 * @param pauseReschedule whether a paused run gives up its infrastructure and is rescheduled on resume
 * @param pauseKey        identifies one pause point, so a flow pauses at it only once
 * @param childFlowRunId  for a task run that stands for a subflow: the child flow run
 * @param retriable       false when user code decided a failure must not be retried
 *                        (Prefect's {@code retry_condition_fn}); null or true otherwise
 */
public record StateDetails(
        Instant scheduledTime,
        String cacheKey,
        Instant cacheExpiration,
        Boolean refreshCache,
        Integer retryAttempt,
        UUID transitionId,
        Instant pauseTimeout,
        Boolean pauseReschedule,
        String pauseKey,
        UUID childFlowRunId,
        Boolean retriable) {

    /** Details with every field empty. */
    public static final StateDetails EMPTY =
            new StateDetails(null, null, null, null, null, null, null, null, null, null, null);

    /** Details without the retriable flag (it stays null). */
    public StateDetails(Instant scheduledTime, String cacheKey, Instant cacheExpiration, Boolean refreshCache,
                        Integer retryAttempt, UUID transitionId, Instant pauseTimeout, Boolean pauseReschedule,
                        String pauseKey, UUID childFlowRunId) {
        this(scheduledTime, cacheKey, cacheExpiration, refreshCache, retryAttempt, transitionId, pauseTimeout,
                pauseReschedule, pauseKey, childFlowRunId, null);
    }

    public StateDetails withScheduledTime(Instant value) {
        return new StateDetails(value, cacheKey, cacheExpiration, refreshCache, retryAttempt,
                transitionId, pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, retriable);
    }

    public StateDetails withCache(String key, Instant expiration) {
        return new StateDetails(scheduledTime, key, expiration, refreshCache, retryAttempt,
                transitionId, pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, retriable);
    }

    public StateDetails withRefreshCache(Boolean value) {
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, value, retryAttempt,
                transitionId, pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, retriable);
    }

    public StateDetails withRetryAttempt(Integer value) {
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, refreshCache, value,
                transitionId, pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, retriable);
    }

    public StateDetails withTransitionId(UUID value) {
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, refreshCache, retryAttempt,
                value, pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, retriable);
    }

    public StateDetails withPause(Instant timeout, Boolean reschedule, String key) {
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, refreshCache, retryAttempt,
                transitionId, timeout, reschedule, key, childFlowRunId, retriable);
    }

    public StateDetails withChildFlowRunId(UUID value) {
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, refreshCache, retryAttempt,
                transitionId, pauseTimeout, pauseReschedule, pauseKey, value, retriable);
    }

    public StateDetails withRetriable(Boolean value) {
        return new StateDetails(scheduledTime, cacheKey, cacheExpiration, refreshCache, retryAttempt,
                transitionId, pauseTimeout, pauseReschedule, pauseKey, childFlowRunId, value);
    }

    /** Whether user code marked the failure as not to be retried. */
    public boolean isNotRetriable() {
        return Boolean.FALSE.equals(retriable);
    }

    /** Whether the refresh-cache flag is set. */
    public boolean refreshesCache() {
        return Boolean.TRUE.equals(refreshCache);
    }

    /** Whether the pause-reschedule flag is set. */
    public boolean reschedulesOnPause() {
        return Boolean.TRUE.equals(pauseReschedule);
    }
}
