package dev.orion.host.engine;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import java.util.UUID;

/**
 * One flow run or task run as {@link RunDriver} drives it through its states: what to propose
 * and how to run one attempt of its body. Implementations are used by one thread at a time.
 */
interface RunHandle {

    UUID id();

    RunKind kind();

    /** Before Running, after Pending was accepted (tasks resolve their inputs); an ending stops the run. */
    default Ending beforeRunning() throws InterruptedException {
        return null;
    }

    /** Before proposing Running: take what an attempt needs (a task runner permit); may block. */
    default void beginAttempt() throws InterruptedException {
    }

    /** After an attempt's end state was proposed: give back what {@link #beginAttempt} took. */
    default void endAttempt() {
    }

    /** The Running state to propose (tasks add their cache key). */
    State runningState();

    /** Runs the body once and returns what came of it. */
    Attempt execute() throws InterruptedException;

    /** The Completed state to propose for a result (persisting it where needed). */
    State completedState(Object value);

    /** The result held by a Completed state the orchestrator handed back (a cached one). */
    Object loadResult(State completed);

    /** The state the run already has when the engine takes it over (a claimed deployment run); null for a new run. */
    default State existingState() {
        return null;
    }

    /** Whether the run's flow run is being cancelled, so the run should stop and end Cancelled. */
    default boolean cancelRequested() {
        return false;
    }

    /**
     * Whether the engine gave the run up: its flow run is executed elsewhere now (a worker declared
     * dead that is alive after all), so it proposes nothing more.
     */
    default boolean abandoned() {
        return false;
    }

    /** The run entered this state. */
    void entered(State state);

    /** The run will be retried from this AwaitingRetry state. */
    default void retrying(State awaitingRetry, Attempt failed) {
    }

    /**
     * One execution of a body: a value or an error, whether its timeout fired, and whether its
     * failure may be retried (user code may say it may not).
     */
    record Attempt(Object value, Throwable error, boolean timedOut, boolean retriable) {
        Attempt(Object value, Throwable error, boolean timedOut) {
            this(value, error, timedOut, true);
        }

        Attempt withoutRetry() {
            return new Attempt(value, error, timedOut, false);
        }
    }

    /** How a run ended in this engine: its state, its result or the error that stopped it. */
    record Ending(State state, Object result, Throwable error) {
        boolean completed() {
            return error == null && state.is(StateType.COMPLETED);
        }
    }
}
