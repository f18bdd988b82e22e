package dev.orion.plugins.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.OrionSettings;
import dev.orion.host.cli.Main;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.server.OrionServer;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of issue 5, through the CLI as a user types it, with the four example
 * plugins' built jars in the plugins folder.
 */
class PluginsAcceptanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("orion.repo"));

    @TempDir
    Path dir;
    Path plugins;

    record Cli(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void dropTheExamplePluginsIntoThePluginsFolder() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        for (String jar : System.getProperty("orion.plugin.jars").split(",")) {
            Path p = Path.of(jar);
            Files.copy(p, plugins.resolve(p.getFileName()));
        }
    }

    private Cli orion(String... args) {
        return orion(Map.of(), args);
    }

    private Cli orion(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("ORION_HOME", dir.resolve("home").toString());
        env.put("ORION_RULES_DIR", dir.resolve("rules").toString());
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--plugins", plugins.toString()));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        // The one-line reports of bad plugins and rule scripts go to the process's standard error, as in ./orion.
        PrintStream processErr = System.err;
        System.setErr(errStream);
        int code;
        try {
            code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), errStream, env);
        } finally {
            System.setErr(processErr);
        }
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theFourExamplePluginsStartTheirRuleJoinsThePolicyAndTheirFlowsAndLanguageRun() throws Exception {
        Cli ls = orion("plugins", "ls", "--json");
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(ls.json()).extracting(p -> p.path("id").asText() + " " + p.path("state").asText())
                .containsExactlyInAnyOrder("rule-circuit-breaker started", "example-flows started",
                        "notify-webhook started", "lang-groovy started");

        Cli rules = orion("rules", "ls", "--json");
        assertThat(rules.code()).as(rules.err()).isZero();
        assertThat(rules.json().path("flow")).anySatisfy(r -> {
            assertThat(r.path("name").asText()).isEqualTo("CircuitBreaker");
            assertThat(r.path("source").asText()).isEqualTo("rule-circuit-breaker");
        });

        Cli fizz = orion("run", "--flow", "fizz-buzz", "--param", "n=30", "--json");
        assertThat(fizz.code()).as(fizz.err()).isZero();
        assertThat(fizz.json().path("state").path("type").asText()).isEqualTo("COMPLETED");

        Cli groovy = orion("run", REPO.resolve("scripts/etl.groovy").toString(), "--param", "n=4", "--json");
        assertThat(groovy.code()).as(groovy.err()).isZero();
        assertThat(groovy.json().path("result").asInt()).isEqualTo(14);
    }

    @Test
    void afterThreeFailedRunsTheFourthIsCancelledAndInspectShowsTheRuleAndItsReason() throws Exception {
        Path flaky = Files.writeString(dir.resolve("Flaky.java"), """
                import dev.orion.api.Flow;

                public class Flaky {
                    public static final Flow<Integer> FLAKY = Flow.of("flaky", () -> {
                        throw new IllegalStateException("upstream is down");
                    });
                }
                """);
        for (int i = 0; i < 3; i++) {
            Cli failed = orion("run", flaky.toString(), "--json");
            assertThat(failed.code()).as(failed.err()).isEqualTo(1);
            assertThat(failed.json().path("state").path("type").asText()).isEqualTo("FAILED");
        }

        Cli fourth = orion("run", flaky.toString(), "--json");
        assertThat(fourth.code()).isEqualTo(1);
        assertThat(fourth.json().path("state").path("type").asText()).isEqualTo("CANCELLED");

        Cli inspect = orion("flow-run", "inspect", fourth.json().path("flow_run_id").asText(), "--json");
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.json().path("states")).anySatisfy(s -> {
            assertThat(s.path("rule").asText()).isEqualTo("CircuitBreaker");
            assertThat(s.path("reason").asText()).contains("3 consecutive failed runs of flow 'flaky'");
        });
        Cli text = orion("flow-run", "inspect", fourth.json().path("flow_run_id").asText());
        assertThat(text.out()).contains("CircuitBreaker", "Circuit open");
    }

    @Test
    void aCorruptJarIsShownFailedWithItsReasonAndEverythingElseWorks() throws Exception {
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 0, 0});

        Cli ls = orion("plugins", "ls", "--json");
        assertThat(ls.code()).isZero();
        assertThat(ls.err()).contains("corrupt.jar");
        assertThat(ls.json()).filteredOn(p -> p.path("state").asText().equals("failed")).singleElement()
                .satisfies(p -> {
                    assertThat(p.path("path").asText()).endsWith("corrupt.jar");
                    assertThat(p.path("error").asText()).contains("corrupt");
                });
        assertThat(ls.json()).filteredOn(p -> p.path("state").asText().equals("started")).hasSize(4);

        Cli run = orion("run", "--flow", "word-count", "--param", "text=still works", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.json().path("result").asInt()).isEqualTo(2);
        assertThat(orion("rules", "ls").code()).isZero();
    }

    @Test
    void aScriptRuleDroppedIntoTheRulesFolderDecidesTheNextRun() throws Exception {
        Cli before = orion("run", "--flow", "word-count", "--param", "text=a b c", "--json");
        assertThat(before.json().path("state").path("type").asText()).isEqualTo("COMPLETED");

        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/freeze.js"), """
                rule({
                  name: "Freeze", from: ["NONE", "SCHEDULED"], to: ["PENDING"], position: "first",
                  before(ctx) { if (ctx.flowName() === "word-count") ctx.reject("CANCELLED", "frozen for the release"); },
                });
                """);
        Cli after = orion("run", "--flow", "word-count", "--param", "text=a b c", "--json");
        assertThat(after.json().path("state").path("type").asText()).isEqualTo("CANCELLED");
        assertThat(after.json().path("state").path("message").asText()).isEqualTo("frozen for the release");

        Files.writeString(dir.resolve("rules/broken.js"), "rule({ name: ");
        Cli rules = orion("rules", "ls", "--json");
        assertThat(rules.json().path("flow")).anySatisfy(r -> assertThat(r.path("source").asText()).endsWith("freeze.js"));
        assertThat(rules.json().path("failed")).singleElement()
                .satisfies(f -> assertThat(f.path("source").asText()).endsWith("broken.js"));
        // Fail closed: no run under a weaker policy than the one written; one line says which file and why.
        Cli fizz = orion("run", "--flow", "fizz-buzz", "--param", "n=3", "--json");
        assertThat(fizz.code()).as(fizz.err()).isEqualTo(2);
        assertThat(fizz.err().strip()).startsWith("orion: the policy does not load: rule script ")
                .contains("broken.js:1: ").doesNotContain("\n");
    }

    @Test
    void theCircuitBreakerInTheServersPluginsFolderDecidesRemoteRunsAsItDoesEmbeddedOnes() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/api";
        Path log = dir.resolve("server.log");
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "server", "start", "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("ORION_"));
        b.environment().put("ORION_HOME", dir.resolve("server-home").toString());
        b.environment().put("ORION_PLUGINS_DIR", plugins.toString());
        Process server = b.start();
        try {
            ApiTransport api = new ApiTransport(url, Optional.empty(), Duration.ofSeconds(120));
            assertThat(api.get("/policy").path("flow"))
                    .anySatisfy(r -> assertThat(r.path("name").asText()).isEqualTo("CircuitBreaker"));
            Path flaky = Files.writeString(dir.resolve("flaky.js"),
                    "export default flow(\"flaky\", () => { throw new Error(\"down\"); });\n");
            Map<String, String> remote = Map.of("ORION_API_URL", url);
            for (int i = 0; i < 3; i++) {
                Cli failed = orion(remote, "run", flaky.toString(), "--json");
                assertThat(failed.json().path("state").path("type").asText()).as(failed.err()).isEqualTo("FAILED");
            }
            Cli fourth = orion(remote, "run", flaky.toString(), "--json");
            assertThat(fourth.code()).isEqualTo(1);
            assertThat(fourth.json().path("state").path("type").asText()).isEqualTo("CANCELLED");
            assertThat(fourth.json().path("state").path("message").asText()).startsWith("Circuit open");
            Cli explained = orion(remote, "rules", "explain", "--run", fourth.json().path("flow_run_id").asText());
            assertThat(explained.out()).contains("CircuitBreaker");
        } finally {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    @Test
    void aWorkerExecutesDeploymentsOfAPluginFlowAndOfAScriptInAPluginLanguage() throws Exception {
        Path serverHome = dir.resolve("server");
        String dbUrl = "jdbc:sqlite:" + Files.createDirectories(serverHome).resolve("orion.db");
        try (Database db = Database.open(dbUrl)) {
            OrionServer server = new OrionServer(ServerContext.create(
                    OrionSettings.fromMap(Map.of("ORION_HOME", serverHome.toString())), db, PluginRegistry.none()))
                    .start("127.0.0.1", 0);
            // Deployments name files relative to the flows root: the repository, for the CLI and the worker alike.
            Map<String, String> remote = Map.of("ORION_API_URL", "http://127.0.0.1:" + server.port() + "/api",
                    "ORION_FLOWS_DIR", REPO.toAbsolutePath().normalize().toString());
            Process worker = null;
            try {
                Cli wc = orion(remote, "deployment", "create", "word-count", "--name", "wc", "--queue", "plugins",
                        "--param", "text=one two three");
                assertThat(wc.code()).as(wc.err()).isZero();
                Cli groovy = orion(remote, "deployment", "create", REPO.resolve("scripts/etl.groovy").toString(),
                        "--name", "etl-groovy", "--queue", "plugins", "--param", "n=4");
                assertThat(groovy.code()).as(groovy.err()).isZero();
                String wcRun = orion(remote, "deployment", "run", "wc", "--json").json().path("id").asText();
                String groovyRun = orion(remote, "deployment", "run", "etl-groovy", "--json").json().path("id").asText();

                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "worker", "start", "--queue", "plugins", "--poll", "0.2s",
                        "--plugins", plugins.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
                pb.environment().putAll(remote);
                pb.environment().put("ORION_HOME", dir.resolve("worker-home").toString());
                worker = pb.start();

                assertThat(awaitEnd(remote, wcRun)).as(log()).isEqualTo("COMPLETED");
                assertThat(awaitEnd(remote, groovyRun)).as(log()).isEqualTo("COMPLETED");
                ApiTransport api = new ApiTransport(remote.get("ORION_API_URL"), Optional.empty(),
                        Duration.ofSeconds(5));
                JsonNode tasks = api.post("/task_runs/filter", Map.of("flow_runs", Map.of("id",
                        Map.of("any_", List.of(groovyRun)))));
                assertThat(tasks.size()).as("the groovy flow's task runs").isGreaterThan(4);
                assertThat(tasks.findValuesAsText("state_type")).containsOnly("COMPLETED");
            } finally {
                if (worker != null) {
                    worker.destroyForcibly().waitFor();
                }
                server.close();
            }
        }
    }

    /** The run's state type once it has ended (or as it is after a minute), read from the server's API. */
    private static String awaitEnd(Map<String, String> remote, String runId) throws Exception {
        ApiTransport api = new ApiTransport(remote.get("ORION_API_URL"), Optional.empty(),
                Duration.ofSeconds(5));
        long deadline = System.nanoTime() + 60_000_000_000L;
        String type = "";
        while (System.nanoTime() < deadline) {
            type = api.get("/flow_runs/" + runId).path("state_type").asText();
            if (type.equals("COMPLETED") || type.equals("FAILED") || type.equals("CRASHED")) {
                return type;
            }
            Thread.sleep(200);
        }
        return type;
    }

    private String log() throws Exception {
        Path log = dir.resolve("worker.log");
        return Files.exists(log) ? "worker log:\n" + Files.readString(log) : "no worker log";
    }
}
