package dev.orion.host.server;

/** An id or name that names nothing stored: 404. */
public class NotFoundException extends ApiException {

    public NotFoundException(String what, Object id) {
        super(404, what + " " + id + " not found; list what exists with the matching /filter endpoint");
    }
}
