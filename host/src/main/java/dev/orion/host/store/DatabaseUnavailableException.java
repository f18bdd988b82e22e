package dev.orion.host.store;

import dev.orion.api.OrionException;

/**
 * The database cannot be reached now (it is restarting, failing over, or the network to it is
 * down). It passes: a server answers 503 with {@code Retry-After}, an embedded run waits.
 */
public final class DatabaseUnavailableException extends OrionException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
