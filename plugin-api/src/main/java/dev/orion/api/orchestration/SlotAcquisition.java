package dev.orion.api.orchestration;

/**
 * The outcome of asking for a concurrency slot on each of a run's tags.
 *
 * @param outcome what happened
 * @param tag     for LIMIT_REACHED and ZERO_LIMIT: the tag that stopped it
 */
public record SlotAcquisition(Outcome outcome, String tag) {

    public enum Outcome {
        /** A slot is now held on every limited tag (or no tag is limited). */
        ACQUIRED,
        /** A limit is full; no slot was taken on any tag. */
        LIMIT_REACHED,
        /** A limit is 0 and would never let the run start; no slot was taken. */
        ZERO_LIMIT
    }

    public static final SlotAcquisition ACQUIRED = new SlotAcquisition(Outcome.ACQUIRED, null);
}
