package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM's main for {@link ClientModesAcceptanceTest}: runs every data command of the CLI
 * without {@code ORION_API_URL} (on the store of {@code ORION_HOME}), one after the other, exits 1
 * at the first that fails; then, as the observation's control, binds one listening socket.
 */
final class EmbeddedCommands {

    static final String DONE = "all commands ran";

    private EmbeddedCommands() {
    }

    public static void main(String[] args) throws Exception {
        String etl = args[0];
        run("deployment", "create", etl, "--name", "nightly", "--queue", "etl", "--interval", "1h", "--param", "n=2");
        run("deployment", "ls");
        run("deployment", "pause", "nightly");
        run("deployment", "resume", "nightly");
        String runId = Json.MAPPER.readTree(run("deployment", "run", "nightly", "--json")).get("id").asText();
        run("deployment", "inspect", "nightly");
        run("work-queue", "create", "side", "--concurrency", "3");
        run("work-queue", "pause", "side");
        run("work-queue", "resume", "side");
        run("work-queue", "ls");
        run("work-queue", "inspect", "etl");
        run("concurrency-limit", "create", "cpu", "2");
        run("concurrency-limit", "ls");
        run("concurrency-limit", "inspect", "cpu");
        run("concurrency-limit", "delete", "cpu");
        run("flow-run", "ls");
        run("flow-run", "inspect", runId);
        run("flow-run", "logs", runId);
        run("rules", "ls");
        run("rules", "explain", "--run", runId);
        Path candidate = Files.writeString(Path.of(System.getenv("ORION_HOME")).resolve("candidate.json"), "{\"disabled\": []}");
        String replayed = run("rules", "replay", "--policy", candidate.toString(), "--json");
        require(Json.MAPPER.readTree(replayed).path("proposals").asInt() > 0, "replay: " + replayed);
        String resumed = run(List.of(0, 1), "flow-run", "resume", runId);
        require(resumed.startsWith("ABORT"), "resume of a Scheduled run: " + resumed);
        run("flow-run", "cancel", runId);
        // The policy keeps a run cancelled before it started Cancelled: the retry ends so, exit 1.
        String retried = run(List.of(1), "flow-run", "retry", runId);
        require(retried.contains("retried") && retried.contains("Cancelled"), "retry: " + retried);
        JsonNode ran = Json.MAPPER.readTree(run("run", etl, "--param", "n=2", "--json"));
        require(ran.path("state").path("type").asText().equals("COMPLETED"), "orion run: " + ran);
        run("deployment", "delete", "nightly");
        run("variable", "set", "region", "eu_west");
        require(run("variable", "get", "region").equals("eu_west\n"), "variable get");
        run("variable", "ls");
        System.setIn(new ByteArrayInputStream("s3cr3t".getBytes(StandardCharsets.UTF_8)));
        run("secret", "set", "db-password");
        require(run("secret", "ls").contains("db-password"), "secret ls");
        run("global-concurrency-limit", "create", "gpu", "--limit", "4");
        run("global-concurrency-limit", "update", "gpu", "--limit", "5");
        run("global-concurrency-limit", "inspect", "gpu");
        run("global-concurrency-limit", "ls");
        run("artifact", "ls");
        run("plugins", "ls");
        run("db", "upgrade");
        System.out.println(DONE);
        System.out.flush();
        try (ServerSocket control = new ServerSocket(0)) {
            System.out.println("control listens on " + control.getLocalPort());
        }
    }

    private static String run(String... args) {
        return run(List.of(0), args);
    }

    private static String run(List<Integer> expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println("orion " + String.join(" ", args) + " -> " + code);
        require(expected.contains(code), "exit " + code + "\n" + text + err.toString(StandardCharsets.UTF_8));
        return text;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            System.out.println("FAILED: " + what);
            System.out.flush();
            System.exit(1);
        }
    }
}
