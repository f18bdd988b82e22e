package dev.orion.host.util;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the engine and the orchestrator read the time and how they wait for it: the system clock
 * in production; a controllable clock in tests, so scheduled runs, retry delays and cache expiry
 * need no real sleeps. Implementations are thread-safe.
 */
public interface TimeSource {

    /** The system clock; waiting sleeps the calling thread. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            long millis = duration.toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
        }
    };

    /** The current instant. */
    Instant now();

    /** Returns once {@code duration} has passed on this clock (at once when it is zero or negative). */
    void sleep(Duration duration) throws InterruptedException;

    /** Returns once this clock reaches {@code instant}. */
    default void sleepUntil(Instant instant) throws InterruptedException {
        sleep(Duration.between(now(), instant));
    }
}
