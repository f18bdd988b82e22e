package dev.orion.host.util;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New ids for runs, states, decisions and log lines: version-7 UUIDs (RFC 9562), a
 * millisecond timestamp followed by random bits. Time-ordered ids append to the end of the
 * primary-key index instead of landing at random places in it, which keeps inserts cheap,
 * and they need no lock (unlike {@link UUID#randomUUID()}'s SecureRandom). Thread-safe.
 */
public final class Ids {

    private Ids() {
    }

    public static UUID next() {
        long millis = System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
