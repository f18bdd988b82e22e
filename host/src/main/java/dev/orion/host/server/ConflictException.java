package dev.orion.host.server;

/** A create that collides with something stored (a name already taken): 409. */
public class ConflictException extends ApiException {

    public ConflictException(String message) {
        super(409, message);
    }
}
