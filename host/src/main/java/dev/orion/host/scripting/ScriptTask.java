package dev.orion.host.scripting;

import dev.orion.api.Task;
import java.util.List;
import java.util.Objects;

/**
 * A task defined by a script, with its declared parameters (and their defaults).
 *
 * @param task   the task, run by the engine like any Java task
 * @param params its declared parameters, in order
 */
public record ScriptTask(Task<Object> task, List<ScriptParameter> params) {

    public ScriptTask {
        Objects.requireNonNull(task, "task");
        params = List.copyOf(params);
    }
}
