package dev.orion.api;

import dev.orion.api.spi.RunScopes;
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

    /** Whether code is running inside a flow run now. */
    public static boolean isActive() {
        return RunScopes.current().isPresent();
    }
}
