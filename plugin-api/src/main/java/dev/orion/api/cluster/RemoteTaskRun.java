package dev.orion.api.cluster;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A Pending task run whose inputs are resolved, handed by the process that runs its flow to
 * another process (a cluster member) to execute: what that process needs to load the task's code
 * and drive the run to its end through the orchestrator. It holds no code; the code comes from
 * the flow's bundle, fetched from the server by its content hash.
 *
 * @param flowRunId     the task run's flow run
 * @param taskRunId     the task run, already created and Pending
 * @param taskName      the task's name, to find it in the flow's code
 * @param flowName      the flow's name
 * @param bundle        the flow's code as {@code sha256:HEX} (a bundle on the server), or null for a plugin's flow
 * @param entrypoint    the bundle's file name ({@code Etl.java}), or {@code flow:NAME} for a plugin's flow
 * @param argumentsJson the task's resolved arguments as a JSON array
 * @param resultStorage the storage the flow's results go to; null for the default
 * @param cacheKey      the task run's cache key, computed where its inputs were resolved; null for none
 * @param cacheExpiration when a result cached under that key expires; null for never
 * @param orionVersion  the Orion version of the sending process; a member of another version refuses the run
 */
public record RemoteTaskRun(UUID flowRunId, UUID taskRunId, String taskName, String flowName, String bundle,
                            String entrypoint, String argumentsJson, String resultStorage, String cacheKey,
                            Instant cacheExpiration, String orionVersion)
        implements Serializable {

    public RemoteTaskRun {
        Objects.requireNonNull(flowRunId, "flowRunId");
        Objects.requireNonNull(taskRunId, "taskRunId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(entrypoint, "entrypoint");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        Objects.requireNonNull(orionVersion, "orionVersion");
    }
}
