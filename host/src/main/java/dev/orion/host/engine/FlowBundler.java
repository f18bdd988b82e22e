package dev.orion.host.engine;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;

/**
 * Names a flow's code so another process can load it: a bundle the server holds by content hash
 * (a source or script file), or a flow a plugin ships. Used when a task runner hands task runs to
 * other processes. Implementations are thread-safe and may cache.
 */
@FunctionalInterface
public interface FlowBundler {

    /** No bundles: the flow's code is known only to this process. */
    FlowBundler NONE = flow -> {
        throw new OrionException("flow '" + flow.name() + "' has no code other processes can load: a task runner "
                + "that runs tasks on cluster members needs a flow run from a file or a plugin, on a worker started "
                + "with --cluster");
    };

    /**
     * @param hash       {@code sha256:HEX} of a bundle on the server, or null for a plugin's flow
     * @param entrypoint the bundle's file name, or {@code flow:NAME}
     */
    record Bundle(String hash, String entrypoint) {
    }

    /** The bundle of the flow's code, uploaded to the server if it is not there yet. */
    Bundle bundle(Flow<?> flow);
}
