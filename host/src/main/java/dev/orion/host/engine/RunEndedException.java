package dev.orion.host.engine;

import dev.orion.api.OrionException;
import dev.orion.api.State;

/**
 * Thrown into a flow's code when the orchestrator has already ended its run (a pause that timed
 * out was turned into Failed): the engine adopts that state instead of proposing another end.
 */
final class RunEndedException extends OrionException {

    private final transient State state;

    RunEndedException(String message, State state) {
        super(message);
        this.state = state;
    }

    State state() {
        return state;
    }

    /** The run's final state if {@code error} (or one of its causes) says the orchestrator ended the run. */
    static State endedBy(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RunEndedException e) {
                return e.state();
            }
        }
        return null;
    }
}
