package dev.orion.host.variables;

import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.VariableRecord;
import dev.orion.host.store.VariableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Variables} read and written in the local store. Thread-safe. */
final class StoreVariables implements Variables {

    private static final int PAGE = 200;

    private final VariableStore store;

    StoreVariables(VariableStore store) {
        this.store = store;
    }

    @Override
    public Optional<VariableRecord> get(String name) {
        return store.byName(name);
    }

    @Override
    public VariableRecord set(String name, String value, List<String> tags) {
        VariableRules.name(name);
        VariableRules.value(name, value);
        return store.set(name, value, tags);
    }

    @Override
    public List<VariableRecord> list() {
        List<VariableRecord> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<VariableRecord> page = store.list(Filter.ALL, new FilterQueries.Page("name ASC", PAGE, offset));
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    @Override
    public boolean delete(String name) {
        return store.delete(null, name);
    }
}
