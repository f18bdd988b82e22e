package dev.orion.host.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.OrionChildren;
import dev.orion.host.client.RunningServer;
import dev.orion.host.testing.Heavy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: a real Prometheus (Debian's package) scrapes a running server and a worker, both
 * child JVMs, while the worker executes flow runs; the series it stores say what happened.
 */
@Heavy
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

    private final OrionChildren children = new OrionChildren();
    private Prometheus prometheus;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        children.close();
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
        children.start(dir.resolve("server.log"), env, "server", "start", "--port", String.valueOf(serverPort));
        String api = "http://127.0.0.1:" + serverPort + "/api";
        children.await("the server answers", () -> children.status(api + "/health", null) == 200);
        assertThat(children.status("http://127.0.0.1:" + serverPort + "/metrics", null)).as("metrics without a key").isEqualTo(401);

        int workerMetricsPort = RunningServer.freePort();
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("ORION_API_URL", api);
        workerEnv.put("ORION_FLOWS_DIR", flow.toAbsolutePath().getParent().toString());
        children.start(dir.resolve("worker.log"), workerEnv, "worker", "start", "--queue", "metrics", "--poll", "0.2s",
                "--name", "w1", "--metrics-port", String.valueOf(workerMetricsPort));

        prometheus = Prometheus.start(dir.resolve("prometheus"), List.of(
                new Prometheus.Target("orion-server", "127.0.0.1:" + serverPort, METRICS_KEY),
                new Prometheus.Target("orion-worker", "127.0.0.1:" + workerMetricsPort, null)));
        children.await("Prometheus scrapes both", () -> value("sum(up{job=~\"orion-.*\"})") == 2);

        children.deployAndRun(api, API_KEY, "sums", "metrics", flow.getFileName() + ":sums", RUNS);

        children.await("completed task runs reach " + RUNS * TASKS_PER_RUN, () -> value(
                "sum(orion_transitions_total{job=\"orion-server\",kind=\"task\",to=\"COMPLETED\",decision=\"ACCEPT\"})")
                == RUNS * TASKS_PER_RUN);
        children.await("completed flow runs reach " + RUNS, () -> value("orion_runs{kind=\"flow\",state=\"COMPLETED\"}") == RUNS);
        children.await("the worker counts " + RUNS + " completed runs",
                () -> value("orion_worker_runs_total{job=\"orion-worker\",worker=\"w1\",outcome=\"completed\"}") == RUNS);
        children.await("no run waits on the queue", () -> value("orion_work_queue_due{queue=\"metrics\"}") == 0);

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
}
