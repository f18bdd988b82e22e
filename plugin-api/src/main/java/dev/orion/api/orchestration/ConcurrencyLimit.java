package dev.orion.api.orchestration;

import java.util.List;
import java.util.UUID;

/**
 * A limit on how many task runs with a tag may be Running at once.
 *
 * @param tag         the tag it limits
 * @param limit       how many may run at once; 0 stops every run with the tag
 * @param activeSlots the task runs that hold a slot now
 */
public record ConcurrencyLimit(String tag, int limit, List<UUID> activeSlots) {

    public ConcurrencyLimit {
        activeSlots = activeSlots == null ? List.of() : List.copyOf(activeSlots);
    }
}
