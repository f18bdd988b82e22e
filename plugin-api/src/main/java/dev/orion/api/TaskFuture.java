package dev.orion.api;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted task run. Passing a future as an argument to another task records the upstream
 * edge and hands over the result once it is there. Thread-safe.
 *
 * @param <R> the task's result type
 */
public interface TaskFuture<R> {

    /** The task run's id. */
    UUID taskRunId();

    /** The task run's state now. */
    State state();

    /** Waits up to {@code timeout} for a final state; empty if the run is not done by then. */
    Optional<State> wait(Duration timeout);

    /** Whether the run has reached its final state in this engine. */
    boolean isDone();

    /**
     * Waits for the run and returns its result.
     *
     * @throws TaskFailedException or the task's own unchecked exception, when it did not complete
     */
    R result();

    /** Like {@link #result()}, waiting at most {@code timeout}. */
    R result(Duration timeout);

    /** A {@link CompletableFuture} that completes with the result or the failure. */
    CompletableFuture<R> toCompletableFuture();
}
