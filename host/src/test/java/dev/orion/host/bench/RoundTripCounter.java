package dev.orion.host.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of PostgreSQL that counts round trips (for benchmarks, not a test): on each
 * connection, every time the client speaks after the server has answered is one round trip. Point
 * a JDBC URL at {@link #port()} instead of the database's. Thread-safe.
 */
final class RoundTripCounter implements AutoCloseable {

    private final ServerSocket listening;
    private final String host;
    private final int targetPort;
    private final AtomicLong trips = new AtomicLong();

    RoundTripCounter(String host, int targetPort) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.listening = new ServerSocket();
        listening.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofPlatform().daemon().name("rtt-accept").start(this::accept);
    }

    int port() {
        return listening.getLocalPort();
    }

    long trips() {
        return trips.get();
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(host, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                // true while the client is the last to have spoken on this connection
                AtomicBoolean clientSpoke = new AtomicBoolean(false);
                Thread.ofVirtual().start(() -> pump(client, server, clientSpoke, true));
                Thread.ofVirtual().start(() -> pump(server, client, clientSpoke, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean clientSpoke, boolean fromClient) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (fromClient) {
                    if (clientSpoke.compareAndSet(false, true)) {
                        trips.incrementAndGet();
                    }
                } else {
                    clientSpoke.set(false);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the connection closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
