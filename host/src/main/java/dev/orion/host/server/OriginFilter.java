package dev.orion.host.server;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses (403) a request that a browser sends on behalf of another site: one whose {@code Origin}
 * header is neither this server's own origin (the scheme and the {@code Host} it was asked for)
 * nor listed in {@code ORION_ALLOWED_ORIGINS}. Browsers send {@code Origin} on every cross-site
 * request that could change state; clients that are not browsers send none and pass. Immutable;
 * thread-safe.
 */
public final class OriginFilter {

    private final Set<String> allowed;

    /** @param allowed origins besides the server's own, lower case, e.g. {@code https://ops.example.com} */
    public OriginFilter(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Checks one request; throws {@link ForbiddenException} when it must be refused. */
    public void check(Context c) {
        String origin = c.header("Origin");
        if (origin == null) {
            return;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        String own = (c.scheme() + "://" + String.valueOf(c.header("Host"))).toLowerCase(Locale.ROOT);
        if (!o.equals(own) && !allowed.contains(o)) {
            throw new ForbiddenException("requests from the origin '" + origin + "' are refused: only pages of "
                    + own + (allowed.isEmpty() ? "" : " and " + allowed.stream().sorted().toList())
                    + " may call this API (list other origins in ORION_ALLOWED_ORIGINS)");
        }
    }
}
