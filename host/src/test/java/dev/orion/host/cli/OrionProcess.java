package dev.orion.host.cli;

import dev.orion.host.testing.ChildJvm;
import dev.orion.host.client.RunningServer;
import dev.orion.host.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code orion ARGS...} as a child JVM on this test's class path, with only the given {@code ORION_*}
 * settings, its output in a log file: a real {@code orion server start} or {@code orion worker start}.
 * {@link #close()} kills it. Used by one thread.
 */
final class OrionProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private OrionProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code orion args...} with exactly the {@code ORION_*} settings of {@code env}. */
    static OrionProcess start(Path log, Map<String, String> env, String... args) throws IOException {
        return start(log, env, List.of(), args);
    }

    /** As {@link #start(Path, Map, String...)}, with extra JVM flags (a smaller heap, say). */
    static OrionProcess start(Path log, Map<String, String> env, List<String> jvmFlags, String... args)
            throws IOException {
        List<String> command = ChildJvm.command(System.getProperty("java.class.path"), Main.class, jvmFlags, args);
        ProcessBuilder b = ChildJvm.builder(command, env).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new OrionProcess(b.start(), log);
    }

    /** Starts {@code orion server start} on a free port and waits until it answers; the API's URL is {@link Server#url()}. */
    static Server startServer(Path log, Map<String, String> env) throws IOException {
        int port = RunningServer.freePort();
        OrionProcess p = start(log, env, "server", "start", "--port", String.valueOf(port));
        String url = "http://127.0.0.1:" + port + "/api";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(2)).build();
        p.await(() -> {
            if (!p.process.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.process.exitValue() + ":\n" + p.log());
            }
            try {
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, "the server to answer " + url + "/health");
        return new Server(p, url);
    }

    /** A started server process and its API URL. */
    record Server(OrionProcess process, String url) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    /** What it printed so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Waits for the process to exit; its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still running after 120 s:\n" + log());
        }
        return process.exitValue();
    }

    /** Waits until {@code condition} holds, for at most two minutes (the machine is loaded); fails with the log. */
    void await(BooleanSupplier condition, String what) {
        try {
            Eventually.until(what, Duration.ofMinutes(2), condition::getAsBoolean);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + log(), e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
