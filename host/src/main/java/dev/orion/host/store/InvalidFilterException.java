package dev.orion.host.store;

import dev.orion.api.OrionException;

/** A filter with an unknown field or operator, or a value of the wrong kind. */
public class InvalidFilterException extends OrionException {

    public InvalidFilterException(String message) {
        super(message);
    }
}
