package dev.orion.api;

import dev.orion.api.spi.RunScopes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;

/** What code running in a flow or task can learn about its run, and its run logger. */
public final class RunContext {

    private RunContext() {
    }

    /** A logger whose lines are stored with the current flow run or task run (level, time, text). */
    public static Logger logger() {
        return RunScopes.require("RunContext.logger()").logger();
    }

    /** The current flow run's id. */
    public static UUID flowRunId() {
        return RunScopes.require("RunContext.flowRunId()").flowRunId();
    }

    /** The current task run's id, when called inside a task. */
    public static Optional<UUID> taskRunId() {
        return RunScopes.require("RunContext.taskRunId()").taskRunId();
    }

    /**
     * Pauses the current flow run (it goes Paused) until someone resumes it with
     * {@code orion flow-run resume ID} or {@code POST /api/flow_runs/{id}/resume}, then returns.
     * If nobody resumes it within {@code timeout}, the run fails and this throws.
     *
     * @throws OrionException when called in a task, or the pause timed out
     */
    public static void pause(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        RunScopes.require("RunContext.pause()").pause(timeout);
    }

    /** Whether code is running inside a flow run now. */
    public static boolean isActive() {
        return RunScopes.current().isPresent();
    }
}
