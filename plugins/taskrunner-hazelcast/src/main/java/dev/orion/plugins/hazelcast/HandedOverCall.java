package dev.orion.plugins.hazelcast;

import dev.orion.api.OrionException;
import dev.orion.api.cluster.RemoteTaskRun;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * What travels to a member: the description of one task run (no code). On the member it asks the
 * host to execute the run and answers the member's name. An exception means the member refused
 * the run; a run it executed ends in whatever state the orchestrator gave it.
 */
record HandedOverCall(RemoteTaskRun run) implements Callable<String>, Serializable {

    @Override
    public String call() throws Exception {
        Membership m = Membership.current().orElseThrow(() -> new OrionException("this process left the cluster"));
        m.host().execute(run);
        return m.name();
    }
}
