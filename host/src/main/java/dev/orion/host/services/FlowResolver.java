package dev.orion.host.services;

import dev.orion.api.Flow;

/**
 * Turns a deployment's entrypoint ({@code path/to/Etl.java:etl}, a script file, a plugin flow)
 * into the flow to run, with the class loader its code needs. Implementations may cache.
 */
@FunctionalInterface
public interface FlowResolver {

    /** A flow ready to run and the class loader to run it under. */
    record Resolved(Flow<?> flow, ClassLoader loader) {
    }

    /**
     * @param entrypoint the deployment's entrypoint
     * @param flowName   the name of the deployment's flow
     * @throws dev.orion.api.OrionException when the entrypoint cannot be loaded
     */
    Resolved resolve(String entrypoint, String flowName);
}
