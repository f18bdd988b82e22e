package dev.orion.host.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: a real Prometheus (Debian's package) scrapes a running server and a worker, both
 * child JVMs, while the worker executes flow runs; the series it stores say what happened.
 */
class PrometheusScrapeTest {

    private static final int RUNS = 4;
    private static final int TASKS_PER_RUN = 3;
    private static final String API_KEY = "api-secret";
    private static final String METRICS_KEY = "metrics-secret";
    private static final String FLOW = """
            const add = task("add", (a, b) => a + b);
            export default flow("sums", (n = 1) => {
              let s = 0;
              for (let i = 0; i < %d; i++) {
                s = add(s, n);
              }
              return s;
            });
            """.formatted(TASKS_PER_RUN);

    private final List<Process> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private Prometheus prometheus;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void prometheusScrapesTheServerAndAWorkerAndSeesEveryRunTheyExecuted() throws Exception {
        Prometheus.assumeInstalled();
        Path dir = Files.createDirectories(Path.of("target", "prometheus-test")).resolve("run-" + System.nanoTime());
        Files.createDirectories(dir);
        Path flow = Files.writeString(dir.resolve("sums.js"), FLOW);
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toAbsolutePath().toString(),
                "ORION_API_KEY", API_KEY, "ORION_METRICS_KEY", METRICS_KEY);

        int serverPort = RunningServer.freePort();
        start(dir.resolve("server.log"), env, "server", "start", "--port", String.valueOf(serverPort));
        String api = "http://127.0.0.1:" + serverPort + "/api";
        await("the server answers", () -> status(api + "/health", null) == 200);
        assertThat(status("http://127.0.0.1:" + serverPort + "/metrics", null)).as("metrics without a key").isEqualTo(401);

        int workerMetricsPort = RunningServer.freePort();
        Map<String, String> workerEnv = new java.util.HashMap<>(env);
        workerEnv.put("ORION_API_URL", api);
        start(dir.resolve("worker.log"), workerEnv, "worker", "start", "--queue", "metrics", "--poll", "0.2s",
                "--name", "w1", "--metrics-port", String.valueOf(workerMetricsPort));

        prometheus = Prometheus.start(dir.resolve("prometheus"), List.of(
                new Prometheus.Target("orion-server", "127.0.0.1:" + serverPort, METRICS_KEY),
                new Prometheus.Target("orion-worker", "127.0.0.1:" + workerMetricsPort, null)));
        await("Prometheus scrapes both", () -> value("sum(up{job=~\"orion-.*\"})") == 2);

        String flowId = post(api + "/flows/", Map.of("name", "sums")).get("id").asText();
        String deployment = post(api + "/deployments/", Map.of("name", "sums", "flow_id", flowId,
                "work_queue_name", "metrics", "entrypoint", flow.toAbsolutePath() + ":sums")).get("id").asText();
        for (int i = 0; i < RUNS; i++) {
            post(api + "/deployments/" + deployment + "/create_flow_run", Map.of("parameters", Map.of("n", i)));
        }

        await("completed task runs reach " + RUNS * TASKS_PER_RUN, () -> value(
                "sum(orion_transitions_total{job=\"orion-server\",kind=\"task\",to=\"COMPLETED\",decision=\"ACCEPT\"})")
                == RUNS * TASKS_PER_RUN);
        await("completed flow runs reach " + RUNS, () -> value("orion_runs{kind=\"flow\",state=\"COMPLETED\"}") == RUNS);
        await("the worker counts " + RUNS + " completed runs",
                () -> value("orion_worker_runs_total{job=\"orion-worker\",worker=\"w1\",outcome=\"completed\"}") == RUNS);
        await("no run waits on the queue", () -> value("orion_work_queue_due{queue=\"metrics\"}") == 0);

        assertThat(value("orion_workers")).isEqualTo(1);
        assertThat(value("orion_worker_runs_executing{worker=\"w1\"}")).isZero();
        assertThat(value("sum(orion_proposal_decision_seconds_count{kind=\"task\"})"))
                .isGreaterThanOrEqualTo(RUNS * TASKS_PER_RUN * 2);
        assertThat(value("sum(orion_run_start_lag_seconds_count{kind=\"flow\"})")).isEqualTo(RUNS);
        assertThat(value("sum(orion_store_commit_seconds_count)")).isPositive();
        assertThat(value("orion_worker_poll_age_seconds{worker=\"w1\"}")).isLessThan(60);
        assertThat(value("sum(http_server_requests_seconds_count{uri=\"/api/deployments/{id}/create_flow_run\"})"))
                .isEqualTo(RUNS);
        assertThat(value("sum(jvm_memory_used_bytes{job=\"orion-worker\"})")).isPositive();
        assertThat(value("sum(jvm_memory_used_bytes{job=\"orion-server\"})")).isPositive();
    }

    private double value(String promql) throws IOException, InterruptedException {
        OptionalDouble v = prometheus.query(promql);
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    private void start(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("ORION_"));
        b.environment().putAll(env);
        children.add(b.start());
    }

    private int status(String url, String key) throws InterruptedException {
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

    private JsonNode post(String url, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", url, r.body()).isBetween(200, 299);
        return json.readTree(r.body());
    }

    /** Waits (up to three minutes: the machine is loaded) for the condition. */
    private void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.call()) {
            for (Process p : children) {
                if (!p.isAlive()) {
                    throw new AssertionError(what + ": a child exited with " + p.exitValue());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 3 minutes: " + what + "\n" + prometheus.log());
            }
            Thread.sleep(200);
        }
    }
}
