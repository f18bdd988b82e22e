package dev.orion.host.variables;

import dev.orion.api.OrionException;
import java.util.regex.Pattern;

/**
 * Prefect 2.14's rules for variables, in one place for every path (CLI, API, Java): a name of
 * lowercase letters, digits and underscores, at most 255 characters; a value of at most 5,000.
 * Stateless.
 */
public final class VariableRules {

    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_VALUE_LENGTH = 5000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

    private VariableRules() {
    }

    /** The name, or an error saying what is wrong with it. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            throw new OrionException("a variable needs a name (lowercase letters, digits and underscores)");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new OrionException("variable name is " + name.length() + " characters long; the most is "
                    + MAX_NAME_LENGTH);
        }
        if (!NAME.matcher(name).matches()) {
            throw new OrionException("Variable name must only contain lowercase letters, numbers, and underscores, got '"
                    + name + "'");
        }
        return name;
    }

    /** The value, or an error saying it is missing or too long. */
    public static String value(String name, String value) {
        if (value == null) {
            throw new OrionException("variable '" + name + "' needs a value");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new OrionException("the value of variable '" + name + "' is " + value.length()
                    + " characters long; the most is " + MAX_VALUE_LENGTH);
        }
        return value;
    }
}
