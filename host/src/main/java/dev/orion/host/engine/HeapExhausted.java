package dev.orion.host.engine;

import dev.orion.api.State;
import dev.orion.api.StateType;

/**
 * What a run that ran out of Java heap says: the heap's size and how to raise it. The JVM's own
 * {@link OutOfMemoryError} names neither, and its stack trace helps no one. Stateless.
 */
public final class HeapExhausted {

    /** The start of the message of a run that ran out of heap. */
    public static final String PREFIX = "Out of memory: ";

    private HeapExhausted() {
    }

    /** Whether {@code t}, or one of its causes, is an {@link OutOfMemoryError}. */
    public static boolean is(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** The message of a run ended by {@code error}, which {@link #is} an out-of-memory error. */
    public static String describe(Throwable error) {
        String what = error instanceof OutOfMemoryError && error.getMessage() != null ? error.getMessage() : "Java heap space";
        return PREFIX + what + " (the JVM's maximum heap is " + maxHeap() + "); give the JVM more with "
                + "ORION_JAVA_OPTS, e.g. ORION_JAVA_OPTS=-Xmx4g ./orion ..., or keep less in memory per run";
    }

    /** Whether {@code state} is the end of a run that ran out of heap. */
    public static boolean ended(State state) {
        return state != null && state.is(StateType.CRASHED) && state.message() != null
                && state.message().contains(PREFIX);
    }

    static String maxHeap() {
        long max = Runtime.getRuntime().maxMemory();
        return max == Long.MAX_VALUE ? "unlimited" : max / (1024 * 1024) + " MB";
    }
}
