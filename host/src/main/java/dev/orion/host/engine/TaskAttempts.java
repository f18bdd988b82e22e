package dev.orion.host.engine;

import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.Task;
import dev.orion.api.spi.RunScopes;
import dev.orion.host.engine.RunHandle.Attempt;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * What every task run does alike, wherever its attempts run (in the flow's process or on a
 * cluster member): one attempt of its body under its timeout, the Running and Completed states
 * carrying its cache key and result, and the line a retry logs. Stateless.
 */
final class TaskAttempts {

    private TaskAttempts() {
    }

    /** Runs the body once in {@code scope}, interrupted at the task's timeout. */
    static Attempt execute(Timeouts timeouts, Task<?> task, Object[] args, EngineScope scope) {
        Timeouts.Guard guard = timeouts.start(task.options().timeout());
        Object value = null;
        Throwable error = null;
        try {
            value = RunScopes.callIn(scope, () -> task.invoke(args));
        } catch (Throwable t) {
            error = t;
        }
        boolean timedOut = guard.finish();
        if (timedOut && error == null) {
            error = new TimeoutException("task run exceeded " + task.options().timeout());
        }
        return new Attempt(value, error, timedOut);
    }

    /** Running, with the cache key when there is one (and whether the cached result is to be refreshed). */
    static State running(Task<?> task, String cacheKey, Instant cacheExpiration) {
        State running = State.running();
        StateDetails cache = StateDetails.EMPTY.withCache(cacheKey, cacheExpiration);
        return cacheKey == null ? running
                : running.withDetails(task.options().refreshCache() ? cache.withRefreshCache(true) : cache);
    }

    /**
     * Completed, referring to the result persisted (or kept inline) as the task's options say, with
     * the cache key when there is one.
     */
    static State completed(Results results, Task<?> task, Object value, String resultStorage, String cacheKey,
            Instant cacheExpiration) {
        State completed = State.completed();
        if (task.options().persistsResult()) {
            completed = completed.withResultRef(results.persist(value, false, resultStorage));
        } else if (task.options().persistResult() == null) { // an explicit withPersistResult(false) keeps nothing
            String inline = results.inline(value);
            if (inline != null) {
                completed = completed.withResultRef(inline);
            }
        }
        return cacheKey == null ? completed
                : completed.withDetails(StateDetails.EMPTY.withCache(cacheKey, cacheExpiration));
    }

    /** The warning a failed attempt logs before its retry. */
    static void logRetry(Logger logger, State awaitingRetry, Attempt failed) {
        logger.warn("Task run failed ({}); retrying at {}", failed.error() == null ? "timed out"
                : Failures.describe(failed.error()), awaitingRetry.details().scheduledTime());
    }
}
