package dev.orion.host.outage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small HTTP proxy in front of a server that forwards every request and, for the requests
 * a test picks, drops the answer: the server has decided and committed, the client never hears
 * it (its connection is cut), as when a network or a load balancer fails at the worst moment.
 */
final class AnswerDroppingProxy implements AutoCloseable {

    /** A request as the proxy saw it. */
    record Seen(String method, String path, String body) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "keep-alive");

    private final HttpServer server;
    private final String target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile Predicate<Seen> drop = s -> false;
    private final AtomicInteger dropsLeft = new AtomicInteger();
    /** The requests whose answers were dropped. */
    final ConcurrentLinkedQueue<Seen> dropped = new ConcurrentLinkedQueue<>();

    private AnswerDroppingProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    /** A proxy for the server at {@code target} (e.g. {@code http://127.0.0.1:PORT}). */
    static AnswerDroppingProxy to(String target) throws IOException {
        return new AnswerDroppingProxy(target);
    }

    /** The API URL of the proxy. */
    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    /** Drops the answers of the next {@code times} requests that match. */
    void dropAnswers(int times, Predicate<Seen> which) {
        drop = which;
        dropsLeft.set(times);
    }

    private void forward(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Seen seen = new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), new String(body));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (drop.test(seen) && dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            dropped.add(seen);
            // The server has answered; the client gets a cut connection instead.
            throw new IOException("answer dropped on purpose");
        }
        r.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                values.forEach(v -> ex.getResponseHeaders().add(name, v));
            }
        });
        ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        if (r.body().length > 0) {
            ex.getResponseBody().write(r.body());
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
