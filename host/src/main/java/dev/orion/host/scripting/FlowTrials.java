package dev.orion.host.scripting;

import dev.orion.api.Flow;
import java.time.Duration;
import java.util.Map;

/**
 * Where a script test runs its flows ({@code testing.runFlow} in JavaScript, {@code run_flow} in
 * Python): each trial is an Orion of its own on a temporary store, with a clock the test moves.
 * A {@link ScriptHost} has trials only when it runs tests ({@code orion test}); implementations
 * live above this package (see {@code dev.orion.host.testing.TemporaryOrion}). Thread-safe.
 */
@FunctionalInterface
public interface FlowTrials {

    /** A fresh Orion on a new temporary store. */
    Trial open();

    /** One temporary Orion; closing it deletes its store. */
    interface Trial extends AutoCloseable {

        /**
         * Runs {@code flow} with named parameters through the engine, orchestrator and store, and
         * returns what it did as plain values (maps, lists, strings, numbers): its final state and
         * result, each state with the rule that decided it, its task runs' states, its log lines.
         */
        Map<String, Object> runFlow(Flow<?> flow, Map<String, ?> parameters);

        /** Moves the trial's clock on (a retry delay or scheduled start already jumps it). */
        void advance(Duration duration);

        @Override
        void close();
    }
}
