package dev.orion.host.limits;

import dev.orion.api.OrionException;
import dev.orion.host.store.GlobalLimitRecord;
import dev.orion.host.store.GlobalLimitStore;
import java.util.List;
import java.util.Optional;

/** {@link GlobalLimitAdmin} of the local store. Thread-safe. */
final class StoreGlobalLimitAdmin implements GlobalLimitAdmin {

    private final GlobalLimitStore store;

    StoreGlobalLimitAdmin(GlobalLimitStore store) {
        this.store = store;
    }

    @Override
    public Optional<GlobalLimitRecord> create(String name, int limit, boolean active, double slotDecayPerSecond) {
        nonNegative("limit", limit);
        nonNegative("slot_decay_per_second", slotDecayPerSecond);
        return store.create(name, limit, active, 0, 0, slotDecayPerSecond);
    }

    @Override
    public List<GlobalLimitRecord> list() {
        return store.list(0, Integer.MAX_VALUE);
    }

    @Override
    public Optional<GlobalLimitRecord> find(String name) {
        return store.find(name);
    }

    @Override
    public boolean update(String name, Change change) {
        if (find(name).isEmpty()) {
            return false;
        }
        if (change.limit() != null) {
            nonNegative("limit", change.limit());
        }
        if (change.activeSlots() != null) {
            nonNegative("active_slots", change.activeSlots());
        }
        if (change.slotDecayPerSecond() != null) {
            nonNegative("slot_decay_per_second", change.slotDecayPerSecond());
        }
        return store.update(name, null, change.limit(), change.active(),
                change.activeSlots() == null ? null : change.activeSlots().doubleValue(), null,
                change.slotDecayPerSecond()) == GlobalLimitStore.Outcome.DONE;
    }

    @Override
    public boolean delete(String name) {
        return find(name).isPresent() && store.delete(name);
    }

    private static void nonNegative(String field, Number value) {
        if (value.doubleValue() < 0) {
            throw new OrionException("a global concurrency limit's " + field + " must be 0 or more, got " + value);
        }
    }
}
