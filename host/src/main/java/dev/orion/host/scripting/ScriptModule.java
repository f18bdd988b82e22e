package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import dev.orion.api.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A script file evaluated by a {@link ScriptLanguage}: the flows and tasks it defines, as the
 * same {@link dev.orion.api.Flow} and {@link Task} objects Java code uses, so the engine runs
 * them exactly like Java ones. Thread-safe; closed by the {@link ScriptHost} that loaded it.
 */
public interface ScriptModule {

    /** The script file. */
    Path file();

    /** The flows the script defines, in definition order. */
    List<ScriptFlow> flows();

    /** The tasks the script defines, in definition order. */
    List<ScriptTask> tasks();

    /**
     * The flow the script marks as its default ({@code export default} in JavaScript), else the
     * last one it defines.
     */
    Optional<ScriptFlow> defaultFlow();

    /** The flow named {@code name}, or the default flow when {@code name} is null. */
    default ScriptFlow flow(String name) {
        if (name == null) {
            return defaultFlow().orElseThrow(() -> new OrionException(file() + " defines no flow; define one with "
                    + "flow(...) in JavaScript or @flow in Python"));
        }
        return flows().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new OrionException(file() + " has no flow '" + name + "'; its flows are "
                        + flows().stream().map(ScriptFlow::name).toList()));
    }

    /**
     * The tests the script defines, in definition order: {@code testing.test(name, fn)} in
     * JavaScript, top-level {@code def test_...()} functions in Python. Only a host
     * {@link ScriptHost#withTrials with trials} collects them; other languages define none.
     */
    default List<String> tests() {
        return List.of();
    }

    /**
     * Runs the test named {@code name}; returns when it passes.
     *
     * @throws ScriptError       for an assertion that failed or an error the test raised, with its guest frames
     * @throws OrionException    when there is no such test
     */
    default void runTest(String name) {
        throw new OrionException(file() + " has no test '" + name + "'");
    }

    /** The task named {@code name}. */
    default Optional<ScriptTask> task(String name) {
        return tasks().stream().filter(t -> t.task().name().equals(name)).findFirst();
    }
}
