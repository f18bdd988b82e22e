package dev.orion.test;

import dev.orion.host.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock of a {@link TestOrion}: it stands still until a run waits on it or the test moves
 * it. When the engine waits (a scheduled start, a retry delay, a wait the orchestrator asks for)
 * the clock jumps to the end of the wait at once, so tests never sleep; {@link #advance} moves
 * it by hand (e.g. past a cache expiry). It never goes back. Thread-safe.
 */
public final class TestClock extends ManualClock {

    /** A clock starting at the current time (to the microsecond). */
    public TestClock() {
    }

    public TestClock(Instant start) {
        super(start);
    }

    /** Moves the clock on by {@code duration}. */
    @Override
    public TestClock advance(Duration duration) {
        super.advance(duration);
        return this;
    }
}
