package dev.orion.api.spi;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * What the engine offers to {@link Task}, {@link Flow} and {@link dev.orion.api.RunContext}
 * while code runs inside a flow run or task run. The host installs one per run through
 * {@link RunScopes}; user code never implements it. Implementations are thread-safe.
 */
public interface RunScope {

    /** Creates a task run for the call and hands it to the flow's task runner. */
    <R> TaskFuture<R> submit(Task<R> task, Object[] args, List<TaskFuture<?>> waitFor);

    /**
     * Runs a task run to its end and returns its result (the engine may run it in the calling
     * thread, as Prefect runs a directly called task).
     */
    default <R> R call(Task<R> task, Object[] args, List<TaskFuture<?>> waitFor) {
        return submit(task, args, waitFor).result();
    }

    /** Runs the flow as a child flow run, linked to a task run of the current flow run. */
    <R> R callSubflow(Flow<R> flow, Object[] args);

    /** A logger whose lines are stored with the current run. */
    Logger logger();

    /** The flow run the code belongs to. */
    UUID flowRunId();

    /** The task run the code runs in, when it runs in a task. */
    Optional<UUID> taskRunId();

    /**
     * Pauses the flow run until it is resumed ({@code orion flow-run resume ID}) or the timeout
     * passes, when the run fails. Only a flow run's own code (not a task) may pause it.
     */
    default void pause(Duration timeout) {
        throw new OrionException("this engine cannot pause flow runs");
    }

    /** The current run's name: the task run's in a task's code, else the flow run's. */
    default String runName() {
        throw new OrionException("this engine cannot tell run names");
    }

    /**
     * Renames the current run: the task run in a task's code, else the flow run (the name a
     * Prefect flow's {@code flow_run_name} or a task's {@code task_run_name} template gives).
     */
    default void rename(String name) {
        throw new OrionException("this engine cannot rename runs");
    }

    /**
     * Says that the failure the current task attempt is about to end with is final: the task run
     * is not retried, whatever retries it has left (Prefect's {@code retry_condition_fn} said no).
     */
    default void failWithoutRetry() {
        throw new OrionException("this engine cannot refuse a task run's retries");
    }

    /** Whether the current flow run is being cancelled (its code is being stopped). */
    default boolean cancelRequested() {
        return false;
    }

    /** The value of the variable with the name, if there is one ({@code orion variable set NAME VALUE}). */
    default Optional<String> variable(String name) {
        throw new OrionException("this engine cannot read variables");
    }

    /** The value of the secret with the name, if there is one; the run's logs and results mask it from then on. */
    default Optional<String> secret(String name) {
        throw new OrionException("this engine cannot read secrets");
    }

    /**
     * Takes {@code slots} on the global concurrency limits named (waiting while one is full) and
     * answers what frees them; a rate limit's slots are not freed but decay.
     */
    default Runnable occupy(List<String> names, int slots, boolean rateLimit, Duration timeout) {
        throw new OrionException("this engine cannot take concurrency slots");
    }

    /**
     * Stores an artifact of the current run (and task run): {@code type} {@code markdown} with
     * the text as data, or {@code table} with rows or columns; answers its id.
     */
    default UUID createArtifact(String type, String key, String description, Object data) {
        throw new OrionException("this engine cannot store artifacts");
    }
}
