package dev.orion.host.client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The waits between retries of one request: exponential from {@link #FIRST_MILLIS}, capped at
 * {@link #CAP_MILLIS}, each with jitter (half fixed, half random) so that many clients waiting
 * for the same server do not come back in step; never shorter than the server's
 * {@code Retry-After}, when it gave one. Not thread-safe: one per request.
 */
final class RetryBackoff {

    static final long FIRST_MILLIS = 200;
    static final long CAP_MILLIS = 5_000;

    private long next = FIRST_MILLIS;

    /** The wait before the next attempt. */
    long next(long retryAfterMillis) {
        long base = next;
        next = Math.min(CAP_MILLIS, next * 2);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Math.max(jittered, Math.min(retryAfterMillis, CAP_MILLIS));
    }
}
