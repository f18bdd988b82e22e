package dev.orion.api.spi;

import dev.orion.api.Flow;

/**
 * Runs a flow called outside any run (say from {@code main}) as a new flow run. A host such as
 * {@code Orion.local()} installs one through {@link RunScopes#installLauncher}.
 */
@FunctionalInterface
public interface FlowLauncher {

    /** Runs the flow to its end and returns its result, or throws if it did not complete. */
    <R> R launch(Flow<R> flow, Object[] args);
}
