package dev.orion.host.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interrupts a thread that runs a body longer than its timeout. One daemon timer thread for the
 * whole engine; nothing is scheduled for bodies without a timeout. Thread-safe.
 */
final class Timeouts implements AutoCloseable {

    private final ScheduledExecutorService timer;

    Timeouts() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "orion-timeouts");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.timer = Executors.unconfigurableScheduledExecutorService(pool);
    }

    /** Starts timing the current thread; {@code null} timeout gives a guard that never fires. */
    Guard start(Duration timeout) {
        return timeout == null ? Guard.NEVER : new Guard(Thread.currentThread(), timeout, timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One timed body. {@link #finish()} tells whether the timeout fired, and clears its interrupt. */
    static class Guard {
        static final Guard NEVER = new Guard();

        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int FIRED = 2;
        private final AtomicInteger status = new AtomicInteger(RUNNING);
        private final ScheduledFuture<?> task;

        private Guard() {
            this.task = null;
        }

        Guard(Thread thread, Duration timeout, ScheduledExecutorService timer) {
            this.task = timer.schedule(() -> {
                if (status.compareAndSet(RUNNING, FIRED)) {
                    thread.interrupt();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Ends the timing; true if the timeout fired (the thread's interrupt flag is then cleared). */
        boolean finish() {
            if (task == null) {
                return false;
            }
            if (status.compareAndSet(RUNNING, DONE)) {
                task.cancel(false);
                return false;
            }
            Thread.interrupted();
            return true;
        }
    }
}
