package dev.orion.host.server;

/** A request the server understood and refuses to carry out for who or where it comes from: 403. */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(403, message);
    }
}
