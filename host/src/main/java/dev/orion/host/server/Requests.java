package dev.orion.host.server;

import io.javalin.http.Context;
import java.util.UUID;

/** Small helpers for reading a request: ids from the path, bodies as records. */
public final class Requests {

    private Requests() {
    }

    /** A path parameter that must be a UUID (422 otherwise, as Prefect answers). */
    public static UUID id(Context ctx, String param) {
        String value = ctx.pathParam(param);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + param + "' must be a UUID, got '" + value + "'");
        }
    }

    /** The body read strictly as a record. */
    public static <T> T body(Context ctx, Class<T> type) {
        return ApiJson.read(ctx.body(), type);
    }

    /** Answers a value as JSON with a status. */
    public static void json(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(ApiJson.write(value));
    }

    /** Answers a value as JSON with 200. */
    public static void ok(Context ctx, Object value) {
        json(ctx, 200, value);
    }
}
