package dev.orion.plugins.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of Orion workers on 127.0.0.1, each a child JVM that loads the built plugin jar and has
 * an {@code ORION_HOME} of its own (so flow code reaches members only as a bundle from the server):
 * worker A claims the flow runs and is a member; B and C are members only (their queue is empty).
 * The tests run in order on the one cluster: spread, kill a member, let a member join late.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HazelcastTaskRunnerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofMinutes(3);

    private static final String FLOW = """
            import dev.orion.api.*;
            import java.nio.file.*;
            import java.util.List;
            import java.util.stream.IntStream;

            public class Spread {
                static final Task<String> where = Task.of("where", (Integer i, String marks, Boolean hold) -> {
                    long pid = ProcessHandle.current().pid();
                    Path dir = Path.of(marks);
                    RunContext.logger().info("task {} runs in process {}", i, pid);
                    Files.writeString(dir.resolve("running-" + i + "-" + pid), "");
                    while (hold && !Files.exists(dir.resolve("release"))) {
                        Thread.sleep(20);
                    }
                    Files.writeString(dir.resolve("done-" + i + "-" + pid), "");
                    return i + "@" + pid;
                }).withRetries(2);

                public static final Flow<List<String>> spread = Flow.of("spread", (Integer n, String marks, Boolean hold) ->
                        where.map(IntStream.range(0, n).boxed().toList(), Task.unmapped(marks), Task.unmapped(hold))
                                .stream().map(TaskFuture::result).toList())
                        .withTaskRunner(TaskRunnerSpec.named("hazelcast"));
            }
            """;

    @TempDir
    static Path dir;

    private Children children;
    private String api;
    private final Map<String, Long> pids = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> memberEnv;
    private Path flowFile;

    @BeforeAll
    void startServerAndThreeMembers() throws Exception {
        children = new Children(dir);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("orion.plugin.jar"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        api = children.startServer(Map.of("ORION_HOME", dir.resolve("server-home").toString()));
        List<Integer> ports = List.of(Children.freePort(), Children.freePort(), Children.freePort(), Children.freePort());
        memberEnv = new HashMap<>(Map.of("ORION_API_URL", api, "ORION_PLUGINS_DIR", plugins.toString(),
                "ORION_CLUSTER_SECRET", "it-secret", "ORION_CLUSTER_MEMBERS",
                ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","))));
        String[] names = {"A", "B", "C"};
        for (int i = 0; i < names.length; i++) {
            startMember(names[i], ports.get(i), names[i].equals("A") ? "flows" : "idle");
        }
        pids.put("D-port", (long) ports.get(3));
        flowFile = dir.resolve("Spread.java");
        Files.writeString(flowFile, FLOW);
        cli("deployment", "create", flowFile.toString(), "--name", "spread", "--queue", "flows");
    }

    private void startMember(String name, int port, String queue) {
        Map<String, String> env = new HashMap<>(memberEnv);
        env.put("ORION_HOME", dir.resolve(name + "-home").toString());
        env.put("ORION_CLUSTER_PORT", String.valueOf(port));
        env.put("ORION_FLOWS_DIR", dir.toString());
        pids.put(name, children.startMember(name, env, queue, "it").pid());
    }

    @AfterAll
    void stopEverything() {
        if (children != null) {
            children.close();
        }
    }

    @Test
    @Order(1)
    void spreadsAMappedFlowsTaskRunsOverEveryMemberAndRecordsEveryState() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("spread"));
        String run = startRun(9, marks, false);
        JsonNode report = awaitEnd(run);

        assertThat(report.path("state").path("type").asText()).as(children.tails()).isEqualTo("COMPLETED");
        assertThat(ranIn(marks, "done").values()).containsExactlyInAnyOrderElementsOf(
                Stream.of("A", "B", "C").map(pids::get).toList().stream().flatMap(p -> Stream.of(p, p, p)).toList());
        JsonNode tasks = report.path("task_runs");
        assertThat(tasks).hasSize(9);
        for (JsonNode t : tasks) {
            assertThat(t.path("state").path("type").asText()).isEqualTo("COMPLETED");
            assertThat(types(t)).containsExactly("PENDING", "RUNNING", "COMPLETED");
        }
        String logs = cli("flow-run", "logs", run);
        for (String member : List.of("A", "B", "C")) {
            assertThat(logs).contains("runs in process " + pids.get(member));
        }
    }

    @Test
    @Order(2)
    void aTaskRunOnAKilledMemberEndsCrashedAndIsRetriedOnAnotherMember() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("kill"));
        String run = startRun(6, marks, true);
        long b = pids.get("B");
        // Every task holds (each member runs several at once), so each knows where it runs before B dies.
        children.await("all six task runs holding, some on member B", LONG, () -> {
            List<Mark> running = marks(marks, "running");
            return running.size() == 6 && running.stream().anyMatch(m -> m.pid() == b);
        });
        children.kill("B");
        Files.writeString(marks.resolve("release"), "");
        JsonNode report = awaitEnd(run);

        assertThat(report.path("state").path("type").asText()).as(children.tails()).isEqualTo("COMPLETED");
        Map<Integer, Long> done = ranIn(marks, "done");
        assertThat(done).as("every task completed once, none on the killed member").hasSize(6).doesNotContainValue(b);
        assertThat(marks(marks, "done")).as("nothing ran to its end twice").hasSize(6);
        Set<Integer> onB = marks(marks, "running").stream().filter(m -> m.pid() == b).map(Mark::task)
                .collect(Collectors.toSet());
        assertThat(onB).isNotEmpty();
        for (JsonNode t : report.path("task_runs")) {
            int i = Integer.parseInt(t.path("name").asText().substring("where-".length()));
            assertThat(t.path("state").path("type").asText()).isEqualTo("COMPLETED");
            if (onB.contains(i)) {
                assertThat(types(t)).as(t.toString()).containsSubsequence("RUNNING", "CRASHED", "SCHEDULED", "PENDING",
                        "RUNNING", "COMPLETED");
            } else {
                assertThat(types(t)).as(t.toString()).doesNotContain("CRASHED");
            }
        }
    }

    @Test
    @Order(3)
    void aMemberThatJoinsLateTakesWork() throws Exception {
        startMember("D", pids.get("D-port").intValue(), "idle");
        Path marks = Files.createDirectories(dir.resolve("late"));
        JsonNode report = awaitEnd(startRun(6, marks, false));

        assertThat(report.path("state").path("type").asText()).as(children.tails()).isEqualTo("COMPLETED");
        assertThat(Set.copyOf(ranIn(marks, "done").values())).contains(pids.get("D"));
    }

    @Test
    @Order(4)
    void aJavaScriptFlowsTasksRunOnTheMembersToo() throws Exception {
        Path script = dir.resolve("squares.js");
        Files.writeString(script, """
                const square = task({ name: "square" }, (x) => { log("square of " + x); return x * x; });
                export default flow({ name: "squares", taskRunner: "hazelcast" }, (n = 6) =>
                  square.map([...Array(n).keys()]).map((f) => f.result()).reduce((a, b) => a + b, 0));
                """);
        cli("deployment", "create", script.toString(), "--name", "squares", "--queue", "flows");
        String run = JSON.readTree(cli("deployment", "run", "squares", "--json")).path("id").asText();
        JsonNode report = awaitEnd(run);

        assertThat(report.path("state").path("type").asText()).as(children.tails()).isEqualTo("COMPLETED");
        assertThat(report.path("task_runs")).hasSize(6).allSatisfy(t ->
                assertThat(types(t)).containsExactly("PENDING", "RUNNING", "COMPLETED"));
        assertThat(cli("flow-run", "logs", run)).contains("square of 5");
    }

    private String startRun(int n, Path marks, boolean hold) throws IOException {
        JsonNode created = JSON.readTree(cli("deployment", "run", "spread", "--param", "n=" + n,
                "--param", "marks=" + marks, "--param", "hold=" + hold, "--json"));
        return created.path("id").asText();
    }

    private JsonNode awaitEnd(String run) throws IOException {
        children.await("flow run " + run + " ending", LONG, () -> {
            String type = get("/flow_runs/" + run).path("state").path("type").asText();
            return Set.of("COMPLETED", "FAILED", "CRASHED", "CANCELLED").contains(type);
        });
        return JSON.readTree(cli("flow-run", "inspect", run, "--json"));
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CLI in this JVM, against the server; its output, or an assertion error with both streams. */
    private String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("ORION_API_URL", api, "ORION_HOME", dir.resolve("cli-home").toString(), "ORION_FLOWS_DIR", dir.toString()));
        assertThat(code).as(String.join(" ", args) + "\n" + out + err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> types(JsonNode taskRun) {
        List<String> types = new ArrayList<>();
        taskRun.path("states").forEach(s -> types.add(s.path("type").asText()));
        return types;
    }

    /** A file {@code PREFIX-TASK-PID} a task left: which task index ran in which process. */
    record Mark(int task, long pid) {
    }

    private static List<Mark> marks(Path marks, String prefix) {
        try (Stream<Path> files = Files.list(marks)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(prefix + "-")).map(f -> {
                String[] parts = f.split("-");
                return new Mark(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            }).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Task index → process id, for marks left once per task. */
    private static Map<Integer, Long> ranIn(Path marks, String prefix) {
        Map<Integer, Long> found = new TreeMap<>();
        marks(marks, prefix).forEach(m -> found.put(m.task(), m.pid()));
        return found;
    }
}
