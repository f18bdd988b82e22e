package dev.orion.host.server;

/** A request without the API key the server requires: 401. */
public class UnauthorizedException extends ApiException {

    public UnauthorizedException() {
        super(401, "missing or wrong API key: send 'Authorization: Bearer <ORION_API_KEY>'");
    }
}
