package dev.orion.host.testing;

import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it, so logic that depends on time (cache
 * expiry, heartbeats, schedules) sees exactly the time the test means, however slow the machine.
 * Thread-safe.
 */
public final class TestClock implements TimeSource {

    private final AtomicReference<Instant> now;

    private TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock standing at the present moment (so stored times look ordinary). */
    public static TestClock atNow() {
        return new TestClock(Instant.now());
    }

    /** Moves the clock forward. */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant now() {
        return now.get();
    }

    /** Waiting on a test clock moves it: nothing real passes. */
    @Override
    public void sleep(Duration duration) {
        if (!duration.isNegative()) {
            advance(duration);
        }
    }
}
