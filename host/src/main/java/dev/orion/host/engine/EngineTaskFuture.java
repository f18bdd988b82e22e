package dev.orion.host.engine;

import dev.orion.api.OrionException;
import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.TaskFailedException;
import dev.orion.api.TaskFuture;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's {@link TaskFuture}: the latest state the engine saw for the task run and a
 * {@link CompletableFuture} completed once, with the result or the failure. Thread-safe.
 */
final class EngineTaskFuture<R> implements TaskFuture<R> {

    private final UUID taskRunId;
    private final CompletableFuture<R> done = new CompletableFuture<>();
    private volatile State state;

    EngineTaskFuture(UUID taskRunId, State initial) {
        this.taskRunId = taskRunId;
        this.state = initial;
    }

    void setState(State value) {
        state = value;
    }

    void complete(State finalState, R result) {
        state = retained(finalState);
        done.complete(result);
    }

    void fail(State finalState, Throwable error) {
        state = retained(finalState);
        done.completeExceptionally(error);
    }

    /**
     * What a finished run's future keeps of its final state: a flow holding a million futures
     * holds a million of these. The transition id only matters while proposing, and an inline
     * result is already the future's value (the stored state keeps both).
     */
    private static State retained(State s) {
        StateDetails d = s.details();
        if (d.transitionId() != null) {
            d = d.withTransitionId(null);
        }
        String ref = s.resultRef() != null && s.resultRef().startsWith(Results.INLINE) ? null : s.resultRef();
        String name = s.name().equals(DEFAULT_NAMES[s.type().ordinal()]) ? DEFAULT_NAMES[s.type().ordinal()] : s.name();
        return new State(s.type(), name, s.timestamp(), s.message(), d.equals(StateDetails.EMPTY) ? StateDetails.EMPTY : d,
                ref);
    }

    private static final String[] DEFAULT_NAMES = Arrays.stream(StateType.values()).map(State::defaultName)
            .toArray(String[]::new);

    @Override
    public UUID taskRunId() {
        return taskRunId;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public boolean isDone() {
        return done.isDone();
    }

    /** Whether the run completed (the future holds a result). */
    boolean isCompleted() {
        return done.isDone() && !done.isCompletedExceptionally();
    }

    @Override
    public Optional<State> wait(Duration timeout) {
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException e) {
            // a failed run is done too
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("interrupted while waiting for task run " + taskRunId, e);
        }
        return Optional.of(state);
    }

    /** Waits for the final state without a timeout. */
    State await() {
        try {
            done.get();
        } catch (ExecutionException | CancellationException e) {
            // done either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("interrupted while waiting for task run " + taskRunId, e);
        }
        return state;
    }

    @Override
    public R result() {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("interrupted while waiting for task run " + taskRunId, e);
        }
    }

    @Override
    public R result(Duration timeout) {
        try {
            return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new OrionException("task run " + taskRunId + " did not finish within " + timeout
                    + "; it is " + state.label());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException("interrupted while waiting for task run " + taskRunId, e);
        }
    }

    @Override
    public CompletableFuture<R> toCompletableFuture() {
        // A fresh future completed with the task's own exception, not a CompletionException around it.
        CompletableFuture<R> copy = new CompletableFuture<>();
        done.whenComplete((value, error) -> {
            if (error == null) {
                copy.complete(value);
            } else {
                copy.completeExceptionally(error instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            }
        });
        return copy;
    }

    private RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new TaskFailedException("task run " + taskRunId + " ended " + state.label()
                + (state.message() == null ? "" : ": " + state.message()), state, cause);
    }

    @Override
    public String toString() {
        return "TaskFuture[" + taskRunId + ", " + state.label() + "]";
    }
}
