package dev.orion.host.load;

import dev.orion.host.testing.ChildJvm;
import dev.orion.host.cli.Main;
import dev.orion.host.client.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Orion servers and workers as real child JVMs ({@code Main server start}, {@code Main worker
 * start}) on this machine, each logging to its own file under {@code dir}: what the load and
 * fault test starts, kills with SIGKILL and restarts. {@link #close()} kills every child still
 * alive. Used by one thread.
 */
final class LoadCluster implements AutoCloseable {

    /** One child: its name, port (servers), command line, environment, log and process. */
    private static final class Child {
        final String name;
        final List<String> command;
        final Map<String, String> env;
        final Path log;
        Process process;

        Child(String name, List<String> command, Map<String, String> env, Path log) {
            this.name = name;
            this.command = command;
            this.env = env;
            this.log = log;
        }
    }

    /**
     * How long a server may take to answer after its JVM starts: generous, since on a machine
     * loaded by other builds a start that takes 3 s idle was seen to take nearly a minute.
     */
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Path dir;
    private final Map<String, String> env;
    private final Map<String, Child> children = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param env the Orion settings every child gets ({@code ORION_HOME}, database, heartbeat timeout) */
    LoadCluster(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    /** Starts {@code orion server start} on a free port and waits until it answers; returns its API URL. */
    String startServer(String name) {
        int port = RunningServer.freePort();
        Child c = new Child(name, cli("server", "start", "--port", String.valueOf(port)), env, dir.resolve(name + ".log"));
        children.put(name, c);
        launch(c);
        String url = "http://127.0.0.1:" + port + "/api";
        awaitHealthy(c, url);
        return url;
    }

    /** Starts {@code orion worker start} on a queue of the server at {@code apiUrl}. */
    void startWorker(String name, String apiUrl, String queue, int limit) {
        Map<String, String> workerEnv = new LinkedHashMap<>(env);
        workerEnv.put("ORION_API_URL", apiUrl);
        Child c = new Child(name, cli("worker", "start", "--queue", queue, "--limit", String.valueOf(limit),
                "--poll", "0.2s", "--name", name), workerEnv, dir.resolve(name + ".log"));
        children.put(name, c);
        launch(c);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill(String name) throws InterruptedException {
        Child c = child(name);
        c.process.destroyForcibly();
        if (!c.process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
        }
    }

    /** Starts a killed server again on the same port and waits until it answers. */
    void restartServer(String name, String apiUrl) {
        Child c = child(name);
        launch(c);
        awaitHealthy(c, apiUrl);
    }

    /** The last {@code lines} lines of every child's log, for a failed run's report. */
    String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (Child c : children.values()) {
            out.append("---- ").append(c.name).append(" (").append(c.log).append(") ----\n");
            try {
                List<String> all = Files.readAllLines(c.log);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("(no log: ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (Child c : children.values()) {
            if (c.process != null && c.process.isAlive()) {
                c.process.destroyForcibly();
            }
        }
        for (Child c : children.values()) {
            try {
                if (c.process != null) {
                    c.process.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Child child(String name) {
        Child c = children.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no child named " + name);
        }
        return c;
    }

    private static List<String> cli(String... args) {
        return ChildJvm.orion(args);
    }

    private static void launch(Child c) {
        ProcessBuilder b = ChildJvm.builder(c.command, c.env).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(c.log.toFile()));
        try {
            c.process = b.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + c.name + ": " + e.getMessage(), e);
        }
    }

    private void awaitHealthy(Child c, String apiUrl) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(apiUrl + "/health")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!c.process.isAlive()) {
                throw new IllegalStateException(c.name + " exited with " + c.process.exitValue() + "\n" + logTails(40));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(c.name + " did not answer " + apiUrl + "/health within " + STARTUP + "\n" + logTails(40));
    }
}
