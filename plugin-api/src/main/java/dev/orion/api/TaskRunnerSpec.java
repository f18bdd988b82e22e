package dev.orion.api;

/**
 * How a flow runs its submitted tasks.
 *
 * @param kind           concurrent (virtual threads) or sequential (in the flow's thread, on submit)
 * @param maxConcurrency for the concurrent runner: at most this many task bodies at once; 0 for no limit
 */
public record TaskRunnerSpec(Kind kind, int maxConcurrency) {

    public enum Kind { CONCURRENT, SEQUENTIAL }

    public TaskRunnerSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("maxConcurrency must be >= 0, got " + maxConcurrency);
        }
    }

    /** Concurrent on virtual threads, no limit: the default. */
    public static TaskRunnerSpec concurrent() {
        return new TaskRunnerSpec(Kind.CONCURRENT, 0);
    }

    /** Concurrent on virtual threads, at most {@code max} at once. */
    public static TaskRunnerSpec concurrent(int max) {
        return new TaskRunnerSpec(Kind.CONCURRENT, max);
    }

    /** One task at a time, each run to its end when it is submitted. */
    public static TaskRunnerSpec sequential() {
        return new TaskRunnerSpec(Kind.SEQUENTIAL, 0);
    }
}
