package dev.orion.host.server;

import dev.orion.api.OrionException;
import dev.orion.host.OrionSettings;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Requires an API key on {@code /api} (except {@code /api/health}) when {@code ORION_API_KEY} is set:
 * that key may do everything; {@code ORION_API_READ_KEY}, when set, may only read (GETs and the
 * read-only queries {@code .../filter}, {@code .../count}, {@code /ui/flow_runs/summary}). A missing
 * or wrong key is refused with 401, a write with the read key with 403. The access a request was
 * granted is kept on it for {@link #access(Context)}. Immutable; thread-safe.
 */
public final class ApiKeyFilter {

    /** What a request may do. */
    public enum Access { FULL, READ }

    private static final String ATTRIBUTE = "orion.access";

    private final Optional<byte[]> full;
    private final Optional<byte[]> read;

    private ApiKeyFilter(Optional<String> full, Optional<String> read) {
        this.full = full.map(ApiKeyFilter::bearer);
        this.read = read.map(ApiKeyFilter::bearer);
    }

    /** The filter of these settings; a read key without a full key is a mistake. */
    public static ApiKeyFilter of(OrionSettings settings) {
        if (settings.security().readApiKey().isPresent() && settings.apiKey().isEmpty()) {
            throw new OrionException("ORION_API_READ_KEY is set but ORION_API_KEY is not: without a full key the API "
                    + "would be open to anyone; set ORION_API_KEY too");
        }
        return new ApiKeyFilter(settings.apiKey(), settings.security().readApiKey());
    }

    /** Checks one request and records its access; throws when it must be refused. */
    public void check(Context c) {
        if (full.isEmpty()) {
            c.attribute(ATTRIBUTE, Access.FULL);
            return;
        }
        String header = c.header("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        Access access = MessageDigest.isEqual(full.get(), given) ? Access.FULL
                : read.isPresent() && MessageDigest.isEqual(read.get(), given) ? Access.READ : null;
        if (access == null) {
            if (c.path().equals("/api/health") || c.path().equals("/api/health/")) {
                return;
            }
            throw new UnauthorizedException();
        }
        if (access == Access.READ && !isRead(c)) {
            throw new ForbiddenException("this API key is read-only: it may GET and query (/filter, /count) but not "
                    + c.method() + " " + c.path() + "; use ORION_API_KEY to change anything");
        }
        c.attribute(ATTRIBUTE, access);
    }

    /** The access the request was granted (full when the server needs no key). */
    public static Access access(Context c) {
        Access a = c.attribute(ATTRIBUTE);
        return a == null ? Access.FULL : a;
    }

    private static boolean isRead(Context c) {
        if (c.method() == HandlerType.GET || c.method() == HandlerType.HEAD) {
            return true;
        }
        String path = c.path().endsWith("/") ? c.path().substring(0, c.path().length() - 1) : c.path();
        return c.method() == HandlerType.POST && (path.endsWith("/filter") || path.endsWith("/count")
                || path.equals("/api/ui/flow_runs/summary"));
    }

    private static byte[] bearer(String key) {
        return ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
    }
}
