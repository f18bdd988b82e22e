package dev.orion.host.engine;

import dev.orion.api.OrionException;
import dev.orion.api.TaskRunner;
import dev.orion.api.TaskRunnerSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task runners flows select by name: the built-in {@code "concurrent"} and
 * {@code "sequential"} ones plus those plugins contribute (a plugin cannot replace a
 * built-in). Immutable and thread-safe; a lookup is one map read per flow run.
 */
public final class TaskRunners {

    private static final TaskRunners BUILT_IN = new TaskRunners(List.of());

    private final Map<String, TaskRunner> byName;

    private TaskRunners(Collection<? extends TaskRunner> extra) {
        Map<String, TaskRunner> m = new LinkedHashMap<>();
        m.put(TaskRunnerSpec.CONCURRENT, new ConcurrentTaskRunner());
        m.put(TaskRunnerSpec.SEQUENTIAL, new SequentialTaskRunner());
        for (TaskRunner r : extra) {
            m.putIfAbsent(r.name(), r);
        }
        this.byName = Map.copyOf(m);
    }

    /** Only the built-in runners. */
    public static TaskRunners builtIn() {
        return BUILT_IN;
    }

    /** The built-in runners plus {@code extra}. */
    public static TaskRunners with(Collection<? extends TaskRunner> extra) {
        return extra.isEmpty() ? BUILT_IN : new TaskRunners(extra);
    }

    /** The names flows can select. */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** The runner a spec names. */
    public TaskRunner get(String name) {
        TaskRunner r = byName.get(name);
        if (r == null) {
            throw new OrionException("no task runner named '" + name + "'; the runners are " + names()
                    + " (a plugin adds others)");
        }
        return r;
    }

    /** Opens the runner of a flow's spec for one flow run. */
    TaskRunner.Session open(TaskRunnerSpec spec) {
        return get(spec.name()).open(spec);
    }
}
