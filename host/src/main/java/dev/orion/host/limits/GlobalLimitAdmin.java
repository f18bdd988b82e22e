package dev.orion.host.limits;

import dev.orion.host.store.Database;
import dev.orion.host.store.GlobalLimitRecord;
import dev.orion.host.store.GlobalLimitStore;
import java.util.List;
import java.util.Optional;

/**
 * Creating, reading, changing and removing the global concurrency limits flows take with
 * {@link GlobalLimits}: those of the local store (embedded), or of the server at
 * {@code ORION_API_URL} through {@code /api/v2/concurrency_limits} (remote), so both behave
 * alike. Implementations are thread-safe.
 */
public interface GlobalLimitAdmin {

    /**
     * Creates a limit; empty when one of that name exists.
     *
     * @throws dev.orion.api.OrionException when {@code limit} or {@code slotDecayPerSecond} is negative
     */
    Optional<GlobalLimitRecord> create(String name, int limit, boolean active, double slotDecayPerSecond);

    /** Every limit, by name. */
    List<GlobalLimitRecord> list();

    /** The limit of that name (or id), its slots as they are now (decayed). */
    Optional<GlobalLimitRecord> find(String name);

    /**
     * Changes what the change gives (null leaves it); false if there is no such limit.
     *
     * @throws dev.orion.api.OrionException when a number is negative
     */
    boolean update(String name, Change change);

    /** Removes a limit; false if there was none. */
    boolean delete(String name);

    /** What {@link #update} changes: each value that is not null. */
    record Change(Integer limit, Boolean active, Integer activeSlots, Double slotDecayPerSecond) {
        /** Whether it changes nothing. */
        public boolean isEmpty() {
            return limit == null && active == null && activeSlots == null && slotDecayPerSecond == null;
        }
    }

    /** The limits of the local store. */
    static GlobalLimitAdmin of(Database db) {
        return new StoreGlobalLimitAdmin(new GlobalLimitStore(db));
    }
}
