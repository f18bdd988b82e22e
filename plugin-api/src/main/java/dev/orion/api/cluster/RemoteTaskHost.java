package dev.orion.api.cluster;

/**
 * What the host offers a {@link ClusterTaskRunner} on a member: executing, in this process, a task
 * run another process handed over. Thread-safe.
 */
public interface RemoteTaskHost {

    /** This process's Orion version; a run sent by another version is refused. */
    String orionVersion();

    /**
     * Loads the run's code (its flow's bundle, fetched by hash and cached) and drives the run from
     * Pending to its end, proposing Running and its end state to the orchestrator (which decides
     * cache hits, concurrency limits and retries), its result in result storage and its log lines
     * sent with its run ids. Returns once the run's end state is recorded.
     *
     * @throws dev.orion.api.OrionException when this process refuses the run (another Orion
     *                                       version, code it cannot load); nothing was proposed
     */
    void execute(RemoteTaskRun run) throws InterruptedException;
}
