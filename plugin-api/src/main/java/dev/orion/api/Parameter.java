package dev.orion.api;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A declared parameter of a flow or task: its name and its Java type (a generic type where
 * the declaration has one, {@code Object} when nothing is known).
 *
 * @param name the parameter's name
 * @param type its declared type
 */
public record Parameter(String name, Type type) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        type = type == null ? Object.class : type;
    }

    /** A parameter of unknown type, for script flows. */
    public static Parameter untyped(String name) {
        return new Parameter(name, Object.class);
    }
}
