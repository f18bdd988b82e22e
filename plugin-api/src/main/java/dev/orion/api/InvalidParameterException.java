package dev.orion.api;

/** A flow parameter is missing, unknown, or cannot be converted to its declared type. */
public class InvalidParameterException extends OrionException {

    public InvalidParameterException(String message) {
        super(message);
    }

    public InvalidParameterException(String message, Throwable cause) {
        super(message, cause);
    }
}
