package dev.orion.host.limits;

import dev.orion.api.OrionException;
import dev.orion.host.store.GlobalLimitStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link GlobalLimits} of the local store. A waiter here wakes the moment a run of this process
 * frees a slot; slots freed by another process sharing the database are seen within
 * {@link #RECHECK} (or the limit's Retry-After, when sooner). Thread-safe.
 */
final class LocalGlobalLimits implements GlobalLimits {

    static final Duration RECHECK = Duration.ofMillis(500);

    private final GlobalLimitStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private long releases;

    LocalGlobalLimits(GlobalLimitStore store) {
        this.store = store;
    }

    @Override
    public Runnable acquire(List<String> names, int slots, boolean rateLimit, Duration timeout, UUID flowRunId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = releases;
            } finally {
                lock.unlock();
            }
            GlobalLimitStore.Increment inc = store.increment(names, slots, rateLimit, flowRunId);
            switch (inc.status()) {
                case ACQUIRED -> {
                    return rateLimit ? () -> { } : release(names, slots, flowRunId);
                }
                case MORE_SLOTS_THAN_LIMIT -> throw new OrionException("asked for " + slots + " slots of " + names
                        + " but a limit has fewer; ask for fewer or raise the limit (orion global-concurrency-limit update)");
                case NO_DECAY -> throw new OrionException("rate limits need slot decay; " + inc.nonDecaying()
                        + " have none: orion global-concurrency-limit update NAME --slot-decay-per-second X");
                case LOCKED -> {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new OrionException("could not take " + slots + " slot(s) of " + names + " within " + timeout);
                    }
                    long wait = Math.min(left, Math.min(RECHECK.toNanos(), (long) (inc.retryAfterSeconds() * 1e9) + 1));
                    lock.lock();
                    try {
                        while (releases == seen && wait > 0) {
                            wait = freed.awaitNanos(wait);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new OrionException("interrupted while waiting for slots of " + names);
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
    }

    private Runnable release(List<String> names, int slots, UUID flowRunId) {
        long taken = System.nanoTime();
        return () -> {
            store.decrement(names, slots, Math.max(0.001, (System.nanoTime() - taken) / 1e9), flowRunId);
            lock.lock();
            try {
                releases++;
                freed.signalAll();
            } finally {
                lock.unlock();
            }
        };
    }
}
