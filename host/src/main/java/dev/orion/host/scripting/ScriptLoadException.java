package dev.orion.host.scripting;

import dev.orion.api.OrionException;

/**
 * A script could not be loaded: a syntax error, or an error thrown while its top level ran.
 * The message reads {@code file:line:column: message}, like a compiler's.
 */
public class ScriptLoadException extends OrionException {

    private final boolean syntaxError;

    public ScriptLoadException(String message, boolean syntaxError, Throwable cause) {
        super(message, cause);
        this.syntaxError = syntaxError;
    }

    /** Whether the script did not parse. */
    public boolean isSyntaxError() {
        return syntaxError;
    }
}
