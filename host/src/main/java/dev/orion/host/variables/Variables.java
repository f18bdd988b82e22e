package dev.orion.host.variables;

import dev.orion.api.OrionException;
import dev.orion.host.store.Database;
import dev.orion.host.store.VariableRecord;
import dev.orion.host.store.VariableStore;
import java.util.List;
import java.util.Optional;

/**
 * The variables a flow or a command reads and writes: those of the local store (embedded), or of
 * the server at {@code ORION_API_URL} through {@code /api/variables} (remote), so both behave
 * alike. Names and values are checked by {@link VariableRules} before anything is stored.
 * Implementations are thread-safe.
 */
public interface Variables {

    /** No variables: every read finds nothing and writes are refused (an engine with no store). */
    Variables NONE = new Variables() {
        @Override
        public Optional<VariableRecord> get(String name) {
            return Optional.empty();
        }

        @Override
        public VariableRecord set(String name, String value, List<String> tags) {
            throw new OrionException("this engine has no store for variables; run with Orion.local()");
        }

        @Override
        public List<VariableRecord> list() {
            return List.of();
        }

        @Override
        public boolean delete(String name) {
            return false;
        }
    };

    /** The variable with the name, if there is one. */
    Optional<VariableRecord> get(String name);

    /** Creates the variable or replaces its value; tags, when not null, replace its tags. */
    VariableRecord set(String name, String value, List<String> tags);

    /** Every variable, by name. */
    List<VariableRecord> list();

    /** Deletes the variable; false if there was none. */
    boolean delete(String name);

    /** The variables of the local store. */
    static Variables of(Database db) {
        return new StoreVariables(new VariableStore(db));
    }
}
