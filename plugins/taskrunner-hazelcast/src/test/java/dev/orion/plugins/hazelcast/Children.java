package dev.orion.plugins.hazelcast;

import dev.orion.host.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An Orion server and workers as child JVMs on 127.0.0.1, each logging to its own file, for the
 * cluster test: started, SIGKILLed, and all killed by {@link #close()}. Used by one thread.
 */
final class Children implements AutoCloseable {

    private static final List<String> JVM = List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Children(Path dir) {
        this.dir = dir;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code orion server start} on a free port, waits until it answers, and returns its API URL. */
    String startServer(Map<String, String> env) {
        int port = freePort();
        Process p = launch("server", env, "server", "start", "--port", String.valueOf(port));
        String url = "http://127.0.0.1:" + port + "/api";
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(2)).build();
        await("the server answering " + url, Duration.ofSeconds(90), () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited:\n" + tails());
            }
            try {
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return url;
    }

    /** Starts a worker and waits until it says it joined the cluster; returns its process. */
    Process startMember(String name, Map<String, String> env, String queue, String cluster) {
        Process p = launch(name, env, "worker", "start", "--queue", queue, "--poll", "0.2s", "--name", name,
                "--cluster", cluster);
        await(name + " joining cluster " + cluster, Duration.ofSeconds(120), () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited:\n" + tails());
            }
            return log(name).contains("is a member of cluster");
        });
        return p;
    }

    /** SIGKILL: nothing of the child runs any more, no shutdown hook. */
    void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " outlived SIGKILL by 30 s");
        }
    }

    String log(String name) {
        try {
            Path file = dir.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of every child's log, for a failure's message. */
    String tails() {
        StringBuilder out = new StringBuilder();
        for (String name : processes.keySet()) {
            List<String> lines = log(name).lines().toList();
            out.append("---- ").append(name).append(" ----\n");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    /** Waits for a condition, checking every 50 ms, failing with the children's logs after {@code limit}. */
    void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + limit + "\n" + tails());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Process launch(String name, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        b.environment().keySet().removeIf(k -> k.startsWith("ORION_"));
        b.environment().putAll(env);
        try {
            Process p = b.start();
            processes.put(name, p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
