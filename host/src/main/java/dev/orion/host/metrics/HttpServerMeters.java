package dev.orion.host.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times the HTTP server's requests as {@code http.server.requests} (Prometheus:
 * {@code http_server_requests_seconds}) by method, route template (not the raw path, so run ids
 * do not make a series each) and status, on Micrometer's global registry. Thread-safe.
 */
public final class HttpServerMeters {

    private HttpServerMeters() {
    }

    /** Records one request that started at {@code startNanos} ({@link System#nanoTime()}). */
    public static void record(String method, String route, int status, long startNanos) {
        Timer.builder("http.server.requests")
                .description("HTTP requests the server answered")
                .tag("method", method).tag("uri", route == null ? "UNMATCHED" : route)
                .tag("status", Integer.toString(status))
                .register(Metrics.globalRegistry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
