package dev.orion.host.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Waits for a condition with a generous deadline instead of sleeping a fixed time: returns as
 * soon as the condition holds, so a fast machine is not slowed down and a loaded one is given
 * time. Polls every 20 ms. A condition that throws an {@link AssertionError} (a child process
 * died, say) ends the wait at once with that error.
 */
public final class Eventually {

    /** The default deadline: far beyond what any condition needs, even on a loaded 2-core machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails with {@code what} when the deadline passes. */
    public static void until(String what, Condition condition) {
        value(what, DEADLINE, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /** Waits up to {@code deadline} until {@code condition} holds; fails with {@code what} when it passes. */
    public static void until(String what, Duration deadline, Condition condition) {
        value(what, deadline, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /** Waits until {@code probe} gives a non-null value (an empty Optional counts as none), and answers it. */
    public static <T> T value(String what, Callable<T> probe) {
        return value(what, DEADLINE, probe);
    }

    public static <T> T value(String what, Duration deadline, Callable<T> probe) {
        long end = System.nanoTime() + deadline.toNanos();
        Exception last = null;
        while (true) {
            try {
                T v = probe.call();
                if (v != null && !(v instanceof Optional<?> o && o.isEmpty())) {
                    return v;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited " + deadline.toSeconds() + " s for " + what
                        + (last == null ? "" : "; last error: " + last), last);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A condition that may throw (e.g. an HTTP call); a throw counts as not yet. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }
}
