package dev.orion.api;

import java.util.Objects;

/**
 * Which {@link TaskRunner} a flow's submitted tasks run on, by name, and its options.
 *
 * @param name           {@code "concurrent"} (virtual threads, the default), {@code "sequential"}
 *                       (in the flow's thread, on submit), or the name of a plugin's runner
 * @param maxConcurrency at most this many task bodies at once, for runners that honour it; 0 for no limit
 */
public record TaskRunnerSpec(String name, int maxConcurrency) {

    public static final String CONCURRENT = "concurrent";
    public static final String SEQUENTIAL = "sequential";

    public TaskRunnerSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a task runner needs a name, got a blank one");
        }
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("maxConcurrency must be >= 0, got " + maxConcurrency);
        }
    }

    /** Concurrent on virtual threads, no limit: the default. */
    public static TaskRunnerSpec concurrent() {
        return new TaskRunnerSpec(CONCURRENT, 0);
    }

    /** Concurrent on virtual threads, at most {@code max} at once. */
    public static TaskRunnerSpec concurrent(int max) {
        return new TaskRunnerSpec(CONCURRENT, max);
    }

    /** One task at a time, each run to its end when it is submitted. */
    public static TaskRunnerSpec sequential() {
        return new TaskRunnerSpec(SEQUENTIAL, 0);
    }

    /** The runner of that name: built in, or contributed by a plugin. */
    public static TaskRunnerSpec named(String name) {
        return new TaskRunnerSpec(name, 0);
    }
}
