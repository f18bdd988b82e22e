package dev.orion.host.orchestration;

import java.time.Duration;

/**
 * Wakes proposals waiting for a concurrency slot when one is freed in this process. Thread-safe.
 */
final class SlotSignal {

    private long version;

    /** Blocks for {@code delay} (at most {@code cap}), or less when a slot is freed meanwhile. */
    synchronized void await(Duration delay, Duration cap) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(Math.max(0, delay.toNanos()), cap.toNanos());
        long seen = version;
        while (version == seen) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return;
            }
            wait(remainingMillis);
        }
    }

    /** A slot was freed: wake every waiter. */
    synchronized void signal() {
        version++;
        notifyAll();
    }
}
