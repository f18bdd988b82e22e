package dev.orion.host.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses (415) a state-changing API request whose body is not declared {@code application/json}.
 * A web page can send a "simple" cross-site POST ({@code text/plain}, a form) without the browser
 * asking the server first; it cannot send {@code application/json} without a CORS preflight, which
 * this server never grants. A request without a body needs no type: there is nothing to misread,
 * and a browser sends a cross-site one with an {@code Origin} that {@link OriginFilter} refuses
 * (Prefect's client posts {@code set_schedule_inactive} and the like with no body).
 * Stateless; thread-safe.
 */
public final class JsonOnlyFilter {

    private static final Set<HandlerType> WITH_BODY = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH);

    private JsonOnlyFilter() {
    }

    /** Checks one request; throws {@link ApiException} 415 when it must be refused. */
    public static void check(Context c) {
        boolean hasBody = c.contentLength() > 0 || c.header("Transfer-Encoding") != null;
        boolean stateChanging = WITH_BODY.contains(c.method()) || c.method() == HandlerType.DELETE;
        if (!stateChanging || !hasBody) {
            return;
        }
        String type = c.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(415, c.method() + " " + c.path() + " needs 'Content-Type: application/json', got "
                    + (type == null ? "none" : "'" + type + "'") + "; send the body as JSON");
        }
    }
}
