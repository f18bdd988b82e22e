package dev.orion.host.scripting;

import dev.orion.api.Parameter;
import java.util.Objects;

/**
 * A parameter a script declares: its name, the Java type its values are converted to, and its
 * default value if it has one.
 *
 * @param name         the name
 * @param type         the type ({@code Object} when the script declares none)
 * @param hasDefault   whether it has a default
 * @param defaultValue the default (plain Java: numbers, strings, lists, maps), or null
 */
public record ScriptParameter(String name, Class<?> type, boolean hasDefault, Object defaultValue) {

    public ScriptParameter {
        Objects.requireNonNull(name, "name");
        type = type == null ? Object.class : type;
    }

    public Parameter toParameter() {
        return new Parameter(name, type);
    }
}
