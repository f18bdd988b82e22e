package dev.orion.host.engine;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.store.LogRow;
import dev.orion.host.store.RunRow;
import java.util.UUID;

/**
 * Observes what the engine does, for live progress (the CLI) and embedders. Called on the
 * threads that run flows and tasks, so implementations must be thread-safe and quick.
 */
public interface EngineListener {

    /** Does nothing. */
    EngineListener NONE = new EngineListener() {
    };

    /** A flow run or task run was created. */
    default void runCreated(RunRow run) {
    }

    /** A run entered a state (accepted or adopted from a rejection). */
    default void stateChanged(UUID runId, RunKind kind, State state) {
    }

    /** A log line was written for a run. */
    default void logged(LogRow line) {
    }
}
