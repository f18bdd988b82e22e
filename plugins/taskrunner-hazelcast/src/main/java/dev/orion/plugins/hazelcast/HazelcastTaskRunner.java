package dev.orion.plugins.hazelcast;

import dev.orion.api.OrionException;
import dev.orion.api.TaskRunnerSpec;
import dev.orion.api.cluster.ClusterOptions;
import dev.orion.api.cluster.ClusterTaskRunner;
import dev.orion.api.cluster.RemoteTaskHost;
import org.pf4j.Extension;

/**
 * The task runner {@code "hazelcast"}: a flow run's task runs execute on the members of the
 * Hazelcast cluster this worker joined ({@code orion worker start --cluster NAME}), each member an
 * Orion worker. The flow's process takes each task run to Pending and hands it to a member, which
 * proposes its Running and end states itself; see {@link ClusterSession}. Thread-safe.
 */
@Extension
public final class HazelcastTaskRunner implements ClusterTaskRunner {

    /** The name flows select the runner by. */
    public static final String NAME = "hazelcast";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Session open(TaskRunnerSpec spec) {
        Membership m = Membership.current().orElseThrow(() -> new OrionException("task runner '" + NAME + "' hands "
                + "task runs to a cluster this process is not a member of: run the flow on a worker started with "
                + "`orion worker start --cluster NAME` (with the taskrunner-hazelcast plugin)"));
        return new ClusterSession(m);
    }

    @Override
    public AutoCloseable join(ClusterOptions options, RemoteTaskHost host) {
        return Membership.join(options, host);
    }
}
