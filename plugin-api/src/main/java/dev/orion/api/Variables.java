package dev.orion.api;

import dev.orion.api.spi.RunScopes;
import java.util.Objects;
import java.util.Optional;

/**
 * Variables: named strings set outside the flow ({@code orion variable set region eu-west-1}, or
 * {@code POST /api/variables/}) that flows read at run time, as Prefect's {@code variables.get}.
 *
 * <pre>{@code
 * String region = Variables.get("region", "us-east-1");
 * }</pre>
 *
 * Works inside a running flow or task; each call reads the current value. Thread-safe.
 */
public final class Variables {

    private Variables() {
    }

    /** The variable's value, if it is set. */
    public static Optional<String> get(String name) {
        Objects.requireNonNull(name, "name");
        return RunScopes.require("Variables.get()").variable(name);
    }

    /** The variable's value, or {@code defaultValue} when it is not set. */
    public static String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }
}
