package dev.orion.host.server;

import dev.orion.api.OrionException;

/**
 * A request the API refuses, with the HTTP status it answers and a message for the client
 * ({@code {"detail": message}}). Subclasses name the failure.
 */
public class ApiException extends OrionException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }
}
