package dev.orion.host.secrets;

import dev.orion.api.OrionException;
import dev.orion.host.store.Database;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Orion's secrets: the block documents of Prefect's {@code secret} block type, by name, so a
 * secret set with {@code orion secret set} is the one Prefect's {@code Secret.load} reads and the
 * other way round. Embedded, they are encrypted in the local store; remote, they are the server's
 * at {@code ORION_API_URL}. Listing gives names only. Implementations are thread-safe.
 */
public interface Secrets {

    /** The block type slug whose documents are secrets. */
    String BLOCK_TYPE = "secret";

    /** The secret's value, if it is set. */
    Optional<String> get(String name);

    /** Creates the secret or replaces its value. */
    void set(String name, String value);

    /** The names of the secrets. */
    List<String> names();

    /** Deletes the secret; false if there was none. */
    boolean delete(String name);

    /** None: every read finds nothing and writes are refused (an engine with no store). */
    Secrets NONE = new Secrets() {
        @Override
        public Optional<String> get(String name) {
            return Optional.empty();
        }

        @Override
        public void set(String name, String value) {
            throw new OrionException("this engine has no store for secrets; run with Orion.local()");
        }

        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public boolean delete(String name) {
            return false;
        }
    };

    /** The secrets of the local store, encrypted with the cipher. */
    static Secrets of(Database db, SecretCipher cipher) {
        return new LocalSecrets(db, cipher);
    }

    /** Prefect's rule for block document names: lowercase letters, digits and dashes. */
    static String checkName(String name) {
        if (name == null || name.isEmpty() || !Pattern.matches("[a-z0-9-]+", name)) {
            throw new OrionException("a secret's name must only contain lowercase letters, numbers, and dashes, got '"
                    + name + "'");
        }
        return name;
    }
}
