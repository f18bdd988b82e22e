package dev.orion.host.server;

/** A body that is not JSON at all: 400. */
public class MalformedRequestException extends ApiException {

    public MalformedRequestException(String message) {
        super(400, message);
    }
}
