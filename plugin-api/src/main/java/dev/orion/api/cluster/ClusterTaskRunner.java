package dev.orion.api.cluster;

import dev.orion.api.TaskRunner;

/**
 * A {@link TaskRunner} whose sessions hand task runs to the members of a cluster, and which can
 * make this process one of those members. A worker joins with {@code --cluster NAME}; a flow
 * running on such a worker selects the runner by its {@link #name()}. Thread-safe.
 */
public interface ClusterTaskRunner extends TaskRunner {

    /**
     * Makes this process a member of the cluster, executing the task runs handed to it through
     * {@code host}, until the returned handle is closed.
     */
    AutoCloseable join(ClusterOptions options, RemoteTaskHost host);
}
