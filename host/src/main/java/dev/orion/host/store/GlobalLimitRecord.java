package dev.orion.host.store;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A global concurrency limit as stored: its slots as of {@code updated}; {@link #at(Instant)}
 * gives them after decay (rate limits free {@code slotDecayPerSecond} slots a second).
 */
public record GlobalLimitRecord(UUID id, String name, int limit, boolean active, double activeSlots, double deniedSlots,
                                double slotDecayPerSecond, double avgSlotOccupancySeconds, Instant created,
                                Instant updated) {

    /** This limit with its active and denied slots decayed to {@code now}. */
    public GlobalLimitRecord at(Instant now) {
        double seconds = Math.max(0, Duration.between(updated, now).toNanos() / 1e9);
        double active = Math.max(0, activeSlots - slotDecayPerSecond * seconds);
        double deniedRate = slotDecayPerSecond > 0 ? slotDecayPerSecond : 1.0 / avgSlotOccupancySeconds;
        double denied = Math.max(0, deniedSlots - deniedRate * seconds);
        return new GlobalLimitRecord(id, name, limit, this.active, active, denied, slotDecayPerSecond,
                avgSlotOccupancySeconds, created, updated);
    }
}
