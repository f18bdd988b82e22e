package dev.orion.host.metrics;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.client.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} as a child process of a test: its own config, data directory and
 * free port under a test directory, scraping every second; {@link #query} asks its HTTP API.
 * Skipped with a reason where it is not installed, failing when {@code CI=true}.
 */
final class Prometheus implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");

    /** One scrape target: a job name, host:port, and the bearer key it needs (or null). */
    record Target(String job, String address, String key) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Prometheus(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(BINARY + " is missing; CI must run the Prometheus test (.ci/run installs it with apt)");
            }
            Assumptions.abort(BINARY + " is not installed (apt-get install prometheus): Prometheus test skipped");
        }
    }

    static Prometheus start(Path dir, List<Target> targets) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                + "  evaluation_interval: 1s\nscrape_configs:\n");
        for (Target t : targets) {
            config.append("  - job_name: ").append(t.job()).append('\n')
                    .append("    metrics_path: /metrics\n");
            if (t.key() != null) {
                config.append("    authorization:\n      credentials: ").append(t.key()).append('\n');
            }
            config.append("    static_configs:\n      - targets: ['").append(t.address()).append("']\n");
        }
        Path file = Files.writeString(dir.resolve("prometheus.yml"), config.toString());
        int port = RunningServer.freePort();
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Prometheus(p, port, log);
    }

    /** The value of an instant query's first sample, if the query has any. */
    OptionalDouble query(String promql) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + Files.readString(log));
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException notUpYet) {
            return OptionalDouble.empty();
        }
        if (r.statusCode() != 200) {
            return OptionalDouble.empty();
        }
        JsonNode result = JSON.readTree(r.body()).path("data").path("result");
        if (result.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
