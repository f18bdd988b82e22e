package dev.orion.api;

import dev.orion.api.spi.RunScopes;
import java.util.Objects;
import java.util.Optional;

/**
 * Secrets: values set with {@code orion secret set NAME} (read from stdin, never the command line)
 * or saved as Prefect {@code Secret} blocks, encrypted at rest, read by flows at run time. Once a
 * run read a secret, its value is masked ({@code ********}) in the run's logs and results.
 *
 * <pre>{@code
 * String password = Secrets.get("db-password");
 * }</pre>
 *
 * Works inside a running flow or task. Thread-safe.
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret's value, if it is set. */
    public static Optional<String> find(String name) {
        Objects.requireNonNull(name, "name");
        return RunScopes.require("Secrets.get()").secret(name);
    }

    /**
     * The secret's value.
     *
     * @throws OrionException when there is no secret of that name
     */
    public static String get(String name) {
        return find(name).orElseThrow(() -> new OrionException("no secret named '" + name
                + "'; set it with 'orion secret set " + name + "' (the value is read from stdin)"));
    }
}
