package dev.orion.host.testing;

import dev.orion.host.util.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests: it stands still until a run waits on it or the test moves it. When the
 * engine waits (a scheduled start, a retry delay, a wait the orchestrator asks for) the clock
 * jumps to the end of the wait at once, so tests never sleep; {@link #advance} moves it by
 * hand (e.g. past a cache expiry). It never goes back. Thread-safe.
 */
public class ManualClock implements TimeSource {

    private final AtomicReference<Instant> now;

    /** A clock starting at the current time (to the microsecond). */
    public ManualClock() {
        this(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    /** Returns at once, the clock moved on by {@code duration} (when it has not already passed that point). */
    @Override
    public void sleep(Duration duration) {
        Instant target = now.get().plus(duration.isNegative() ? Duration.ZERO : duration);
        sleepUntil(target);
    }

    /** Returns at once, the clock moved on to {@code instant} if it was earlier. */
    @Override
    public void sleepUntil(Instant instant) {
        now.accumulateAndGet(instant, (a, b) -> b.isAfter(a) ? b : a);
    }

    /** Moves the clock on by {@code duration}. */
    public ManualClock advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a test clock never goes back; got " + duration);
        }
        now.updateAndGet(t -> t.plus(duration));
        return this;
    }

    /** How far the clock has moved since {@code start}. */
    public Duration elapsedSince(Instant start) {
        return Duration.between(start, now());
    }
}
