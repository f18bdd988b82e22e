package dev.orion.host.client;

import dev.orion.api.OrionException;

/** The server answered a request with an error status; {@link #status()} and the server's {@code detail}. */
public class ApiCallException extends OrionException {

    private final int status;

    public ApiCallException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the server answered (0 when it could not be reached at all). */
    public int status() {
        return status;
    }
}
