package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.testing.Heavy;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance, end to end with child processes: a real {@code orion server start} decides
 * remote runs ({@code orion run} with {@code ORION_API_URL}) and a worker's deployment runs with
 * the script rules of its {@code ORION_RULES_DIR}, re-read while it runs.
 */
@Heavy
class ServerPolicyAcceptanceTest {

    private static final String GATE = """
            rule({
              name: "Gate", description: "DESCRIPTION", from: ["NONE", "SCHEDULED"], to: ["PENDING"], position: "first",
              before(ctx) { if (ctx.flowName() === "gated") ctx.reject("CANCELLED", "REASON"); },
            });
            """;

    @TempDir
    Path dir;

    @Test
    void aScriptRuleDroppedEditedAndBrokenWhileTheServerRunsDecidesRemoteAndWorkerRunsAsWritten() throws Exception {
        Path rules = dir.resolve("rules");
        Path flow = Files.writeString(dir.resolve("gated.js"), "export default flow(\"gated\", () => 1);\n");
        Map<String, String> serverEnv = Map.of("ORION_HOME", dir.resolve("server-home").toString(),
                "ORION_RULES_DIR", rules.toString());
        try (OrionProcess.Server server = OrionProcess.startServer(dir.resolve("server.log"), serverEnv)) {
            Map<String, String> client = Map.of("ORION_HOME", dir.resolve("client-home").toString(),
                    "ORION_API_URL", server.url(), "ORION_FLOWS_DIR", dir.toString());
            ApiTransport api = new ApiTransport(server.url(), Optional.empty(), Duration.ofSeconds(10));
            assertThat(orion(client, "run", flow.toString()).exitCode()).isZero();

            // Dropped in while the server runs: it decides the next remote run.
            write(rules.resolve("gate.js"), GATE.replace("DESCRIPTION", "first").replace("REASON", "closed: first"));
            server.process().await(() -> descriptionOfGate(api).equals("first"), "the server to load gate.js");
            CliResult cancelled = orion(client, "run", flow.toString(), "--json");
            assertThat(cancelled.exitCode()).as(cancelled.toString()).isEqualTo(1);
            JsonNode outcome = Json.MAPPER.readTree(cancelled.out());
            assertThat(outcome.at("/state/type").asText()).isEqualTo("CANCELLED");
            assertThat(outcome.at("/state/message").asText()).isEqualTo("closed: first");

            CliResult explained = orion(client, "rules", "explain", "--run", outcome.get("flow_run_id").asText());
            assertThat(explained.exitCode()).as(explained.toString()).isZero();
            assertThat(explained.out()).contains("REJECT").contains("Gate");
            CliResult listed = orion(client, "rules", "ls");
            assertThat(listed.out()).contains("Gate").contains(rules.resolve("gate.js").toString());

            // Edited: the new version decides.
            write(rules.resolve("gate.js"), GATE.replace("DESCRIPTION", "second").replace("REASON", "closed: second edition"));
            server.process().await(() -> descriptionOfGate(api).equals("second"), "the server to reload gate.js");
            assertThat(runMessage(client, flow)).isEqualTo("closed: second edition");

            // Broken: reported in the log, the API and rules ls; the last good version keeps deciding.
            write(rules.resolve("gate.js"), "rule({ name: \"Gate\", before(ctx) { ctx.reject( } });\n");
            server.process().await(() -> api.get("/policy").path("failed").size() == 1, "the failure to be reported");
            JsonNode failed = api.get("/policy").path("failed").get(0);
            assertThat(failed.get("source").asText()).endsWith("gate.js");
            assertThat(failed.get("reason").asText()).contains("syntax error").contains("last good version keeps deciding");
            assertThat(server.process().log()).contains("rule script gate.js failed");
            assertThat(orion(client, "rules", "ls").out()).contains("Failed to load").contains("syntax error");
            assertThat(runMessage(client, flow)).isEqualTo("closed: second edition");

            // A worker-executed deployment run is decided by the same rule.
            assertThat(orion(client, "deployment", "create", flow.toString(), "--name", "d", "--queue", "q").exitCode()).isZero();
            Map<String, String> workerEnv = Map.of("ORION_HOME", dir.resolve("worker-home").toString(),
                    "ORION_API_URL", server.url(), "ORION_FLOWS_DIR", dir.toString());
            try (OrionProcess worker = OrionProcess.start(dir.resolve("worker.log"), workerEnv,
                    "worker", "start", "--queue", "q", "--poll", "0.2s", "--name", "w1")) {
                CliResult run = orion(client, "deployment", "run", "gated/d", "--json");
                assertThat(run.exitCode()).as(run.toString()).isZero();
                String id = Json.MAPPER.readTree(run.out()).get("id").asText();
                worker.await(() -> "CANCELLED".equals(api.get("/flow_runs/" + id).at("/state/type").asText()),
                        "the deployment run to be decided");
                assertThat(api.get("/flow_runs/" + id).at("/state/message").asText()).isEqualTo("closed: second edition");
            }
        }
    }

    @Test
    void aServerWhosePolicyDoesNotLoadDoesNotStartAndSaysWhyInOneLine() throws Exception {
        write(dir.resolve("rules/broken.js"), "rule({ name: \"Broken\", before(ctx) { ctx.abort( } });\n");
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toString(),
                "ORION_RULES_DIR", dir.resolve("rules").toString());
        CliResult start = orion(env, "server", "start", "--port", "0");
        assertThat(start.exitCode()).isEqualTo(2);
        assertThat(start.err().strip()).startsWith("orion: the policy does not load: rule script ")
                .contains("broken.js").contains("syntax error").doesNotContain("\n");
    }

    private static String runMessage(Map<String, String> client, Path flow) throws Exception {
        CliResult r = orion(client, "run", flow.toString(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        return Json.MAPPER.readTree(r.out()).at("/state/message").asText();
    }

    private static String descriptionOfGate(ApiTransport api) {
        for (JsonNode rule : api.get("/policy").path("flow")) {
            if (rule.path("name").asText().equals("Gate")) {
                return rule.path("description").asText();
            }
        }
        return "";
    }

    /** Writes a file whole (a move), as an editor that saves atomically does. */
    private Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Path tmp = Files.writeString(dir.resolve(file.getFileName() + ".tmp"), text);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
