package dev.orion.host.server;

/** Well-formed JSON that breaks the schema (an unknown field, a bad value): 422. */
public class InvalidRequestException extends ApiException {

    public InvalidRequestException(String message) {
        super(422, message);
    }
}
