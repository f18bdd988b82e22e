package dev.orion.host.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.orion.api.OrionException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * An open metrics port: {@code GET /metrics} answers the Prometheus text exposition, with no
 * key, on a port of its own (a worker's {@code --metrics-port}, a server's
 * {@code ORION_METRICS_PORT}). Any other path is 404. The JDK's own HTTP server, on one virtual
 * thread per request. Thread-safe.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The exposition format's content type (text format 0.0.4). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Listens on host and port (0 for a free one) and serves what {@code scrape} renders. */
    public static MetricsEndpoint start(String host, int port, Supplier<String> scrape) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new OrionException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage()
                    + "; choose another port", e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                boolean ok = (path.equals("/metrics") || path.equals("/metrics/"))
                        && exchange.getRequestMethod().equals("GET");
                byte[] body = (ok ? scrape.get() : "not found: only GET /metrics is served here\n")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", ok ? CONTENT_TYPE : "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(ok ? 200 : 404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return new MetricsEndpoint(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
