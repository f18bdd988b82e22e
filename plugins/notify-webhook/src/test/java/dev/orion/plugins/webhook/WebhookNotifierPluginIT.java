package dev.orion.plugins.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.orion.api.Flow;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.plugins.PluginInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the built jar through the plugin manager and receives its POSTs on a local HTTP server. */
class WebhookNotifierPluginIT {

    @TempDir
    Path dir;

    private HttpServer server;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new ObjectMapper().readTree(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        System.setProperty("orion.webhook.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        System.setProperty("orion.webhook.states", "COMPLETED,FAILED");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        System.clearProperty("orion.webhook.url");
        System.clearProperty("orion.webhook.states");
    }

    @Test
    void postsAJsonEventForEachFlowRunEnteringAChosenStateType() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("orion.plugin.jar"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        Flow<Integer> ok = Flow.of("fine", () -> 42).withTags("nightly");
        Flow<Integer> broken = Flow.of("broken", () -> {
            throw new IllegalStateException("disk full");
        });

        try (Orion orion = Orion.local(OrionSettings.fromMap(Map.of("ORION_HOME", dir.resolve("home").toString(),
                "ORION_PLUGINS_DIR", plugins.toString())))) {
            assertThat(orion.plugins().plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("notify-webhook");
                assertThat(p.state()).isEqualTo(PluginInfo.STARTED);
                assertThat(p.extensions()).containsExactly("StateListener: dev.orion.plugins.webhook.WebhookNotifier");
            });
            FlowRunOutcome completed = orion.run(ok, Map.of());
            JsonNode first = received.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.path("run_id").asText()).isEqualTo(completed.flowRunId().toString());
            assertThat(first.path("flow").asText()).isEqualTo("fine");
            assertThat(first.path("kind").asText()).isEqualTo("flow");
            assertThat(first.path("state").path("type").asText()).isEqualTo("COMPLETED");
            assertThat(first.path("from").path("type").asText()).isEqualTo("RUNNING");
            assertThat(first.path("tags")).extracting(JsonNode::asText).containsExactly("nightly");

            orion.run(broken, Map.of());
            JsonNode second = received.poll(20, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(second.path("flow").asText()).isEqualTo("broken");
            assertThat(second.path("state").path("type").asText()).isEqualTo("FAILED");
            assertThat(second.path("state").path("message").asText()).contains("disk full");
        }
        assertThat(received).as("no event for Pending or Running").isEmpty();
    }
}
