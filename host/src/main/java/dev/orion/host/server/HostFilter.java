package dev.orion.host.server;

import io.javalin.http.Context;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Answers only requests addressed to a host name this server is known by (421 otherwise): the
 * loopback names, the address it listens on, and {@code ORION_ALLOWED_HOSTS} ({@code *} for any).
 * This stops DNS rebinding, where a web page's own name is re-pointed at 127.0.0.1 so that the
 * browser sends the page's requests, with the page's name as {@code Host}, to the local server.
 * Immutable; thread-safe.
 */
public final class HostFilter {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> allowed;
    private final boolean any;

    /**
     * @param boundTo the address the server listens on (allowed unless it is a wildcard address)
     * @param extra   more names, lower case; {@code *} allows any
     */
    public HostFilter(String boundTo, Set<String> extra) {
        Set<String> names = new HashSet<>(LOOPBACK);
        names.addAll(extra);
        String bound = boundTo.toLowerCase(Locale.ROOT);
        if (!bound.equals("0.0.0.0") && !bound.equals("::") && !bound.equals("[::]")) {
            names.add(bound.contains(":") && !bound.startsWith("[") ? "[" + bound + "]" : bound);
        }
        this.any = names.contains("*");
        this.allowed = Set.copyOf(names);
    }

    /** Checks one request; throws {@link ApiException} 421 when it must be refused. */
    public void check(Context c) {
        String host = c.header("Host");
        if (any) {
            return;
        }
        String name = host == null ? "" : withoutPort(host.trim().toLowerCase(Locale.ROOT));
        if (!allowed.contains(name)) {
            throw new ApiException(421, "this server does not answer to the host '" + (host == null ? "" : host)
                    + "'; it answers to " + allowed.stream().sorted().toList()
                    + " (add the name clients use to ORION_ALLOWED_HOSTS)");
        }
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
