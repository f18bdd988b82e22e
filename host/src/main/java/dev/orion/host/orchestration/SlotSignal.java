package dev.orion.host.orchestration;

import dev.orion.api.orchestration.OrchestrationResult;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Wakes proposals waiting for a concurrency slot when one is freed in this process. Thread-safe.
 *
 * <p>A slot freed between a proposal's WAIT answer and its wait must still wake it (else the
 * last waiter sleeps its whole delay): a proposal decided through {@link #decide} remembers, for
 * its thread, how many slots had been freed when its decision began, and that thread's next
 * {@link #await} ends at once if any was freed since.
 */
final class SlotSignal {

    private volatile long version;
    private final ThreadLocal<Long> seenAtWait = new ThreadLocal<>();

    /** Decides a proposal; when it is told to WAIT, this thread's next wait counts slots freed from now on. */
    OrchestrationResult decide(Supplier<OrchestrationResult> decision) {
        long seen = version;
        OrchestrationResult result = decision.get();
        if (result.status() == ResultStatus.WAIT) {
            seenAtWait.set(seen);
        }
        return result;
    }

    /** Blocks for {@code delay} (at most {@code cap}), or less when a slot is (or was, see above) freed meanwhile. */
    synchronized void await(Duration delay, Duration cap) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(Math.max(0, delay.toNanos()), cap.toNanos());
        Long before = seenAtWait.get();
        seenAtWait.remove();
        long seen = before == null ? version : before;
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
