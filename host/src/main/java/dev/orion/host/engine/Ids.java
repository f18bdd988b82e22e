package dev.orion.host.engine;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs from {@link ThreadLocalRandom}: ids of runs and proposals need to be
 * unique, not unguessable, and {@link UUID#randomUUID()}'s shared SecureRandom contends under
 * thousands of task runs a second.
 */
final class Ids {

    private Ids() {
    }

    static UUID random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
