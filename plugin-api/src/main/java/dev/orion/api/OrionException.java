package dev.orion.api;

/**
 * The root of Orion's exceptions. Its message says what was wrong, with the offending value,
 * and what to do about it; callers show it to users as it is, without a stack trace.
 */
public class OrionException extends RuntimeException {

    public OrionException(String message) {
        super(message);
    }

    public OrionException(String message, Throwable cause) {
        super(message, cause);
    }
}
