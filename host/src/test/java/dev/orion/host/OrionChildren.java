package dev.orion.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.cli.Main;
import dev.orion.host.testing.ChildJvm;
import dev.orion.host.testing.Eventually;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Orion servers and workers as child JVMs of a test ({@code Main server start}, {@code Main worker
 * start}), each with only the {@code ORION_*} settings given, its output in a log file; a small
 * JSON client for their API; waiting on conditions. {@link #close()} kills them all. Used by one thread.
 */
public final class OrionChildren implements AutoCloseable {

    private final List<Process> children = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** Starts {@code orion ARGS} with the environment, its stdout in {@code log}, its stderr in {@link #errors}. */
    public Process start(Path log, Map<String, String> env, String... args) throws IOException {
        return start(log, env, System.getProperty("java.class.path"), args);
    }

    /**
     * As {@link #start(Path, Map, String...)}, with the test's class path minus the entries whose
     * path contains {@code leaveOut} (a test-scoped library a user's Orion does not have).
     */
    public Process startWithout(String leaveOut, Path log, Map<String, String> env, String... args) throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains(leaveOut)).collect(Collectors.joining(File.pathSeparator));
        return start(log, env, classPath, args);
    }

    private Process start(Path log, Map<String, String> env, String classPath, String... args) throws IOException {
        // The logging a user's process gets (logback.xml), not the tests' quieter logback-test.xml.
        List<String> command = ChildJvm.command(classPath, Main.class,
                List.of("-Dlogback.configurationFile=" + OrionChildren.class.getClassLoader().getResource("logback.xml")), args);
        ProcessBuilder b = ChildJvm.builder(command, env).redirectOutput(log.toFile()).redirectError(errors(log).toFile());
        Process p = b.start();
        children.add(p);
        logs.add(log);
        return p;
    }

    /** Where the stderr of the child logging its stdout to {@code log} goes: {@code log} + {@code .err}. */
    public static Path errors(Path log) {
        return log.resolveSibling(log.getFileName() + ".err");
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public int status(String url, String key) throws InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notUp) {
            return -1;
        }
    }

    /** POSTs JSON with the key (or none) and returns the 2xx answer's body. */
    public JsonNode post(String url, Object body, String key) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", url, r.body()).isBetween(200, 299);
        return json.readTree(r.body());
    }

    /**
     * Creates the flow, a deployment of {@code entrypoint} on the work queue, and {@code runs} flow
     * runs of it; returns the deployment's id.
     */
    public String deployAndRun(String api, String key, String flow, String queue, String entrypoint, int runs)
            throws IOException, InterruptedException {
        String flowId = post(api + "/flows/", Map.of("name", flow), key).get("id").asText();
        String deployment = post(api + "/deployments/", Map.of("name", flow, "flow_id", flowId,
                "work_queue_name", queue, "entrypoint", entrypoint), key).get("id").asText();
        for (int i = 0; i < runs; i++) {
            post(api + "/deployments/" + deployment + "/create_flow_run", Map.of("parameters", Map.of()), key);
        }
        return deployment;
    }

    /** Waits (up to three minutes: the machine is loaded) for the condition; a child's death fails at once. */
    public void await(String what, Callable<Boolean> condition) {
        Eventually.until(what, Duration.ofMinutes(3), () -> {
            for (int i = 0; i < children.size(); i++) {
                if (!children.get(i).isAlive()) {
                    throw new AssertionError(what + ": a child exited with " + children.get(i).exitValue() + "\n"
                            + Files.readString(logs.get(i)) + Files.readString(errors(logs.get(i))));
                }
            }
            return condition.call();
        });
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
