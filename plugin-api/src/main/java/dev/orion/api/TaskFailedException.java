package dev.orion.api;

import java.util.Objects;

/** A task run, or a subflow run, ended in a state other than Completed. */
public class TaskFailedException extends OrionException {

    private final transient State state;

    public TaskFailedException(String message, State state, Throwable cause) {
        super(message, cause);
        this.state = Objects.requireNonNull(state, "state");
    }

    /** The run's final state. */
    public State state() {
        return state;
    }
}
