package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.host.client.RunningServer;
import dev.orion.host.secrets.SecretCipher;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.DeploymentStore;
import dev.orion.host.store.GlobalLimitRecord;
import dev.orion.host.store.GlobalLimitStore;
import dev.orion.host.store.NewArtifact;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.store.VariableStore;
import dev.orion.host.store.WorkQueueStore;
import dev.orion.host.testing.ChildJvm;
import dev.orion.host.testing.Heavy;
import dev.orion.host.util.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's "one client interface": every CLI command that reads or changes runs, deployments,
 * work queues, concurrency limits, variables, secrets, global concurrency limits or the policy talks only to the server at {@code ORION_API_URL}
 * when it is set (its effect lands in the server's database, the local one is never created), and
 * without it works on the local store without ever opening a listening socket (observed at the
 * kernel: no {@code listen(2)} call by the CLI's process).
 */
@Heavy
class ClientModesAcceptanceTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path ETL_JS = ROOT.resolve("scripts/etl.js");

    @TempDir
    Path dir;

    @Test
    void everyCommandWithAnApiUrlChangesOnlyTheServersDatabase() throws Exception {
        try (RunningServer server = RunningServer.start(TestDatabase.SQLITE, dir.resolve("server"))) {
            Map<String, String> env = new HashMap<>(server.clientEnv(dir));
            env.put("ORION_FLOWS_DIR", ROOT.toString());
            Database db = server.db;
            DeploymentStore deployments = new DeploymentStore(db);
            WorkQueueStore queues = new WorkQueueStore(db);
            ConcurrencyLimitStore limits = new ConcurrencyLimitStore(db);
            RunStore runs = new RunStore(db);

            ok(env, "deployment", "create", ETL_JS.toString(), "--name", "nightly", "--queue", "etl", "--interval", "1h",
                    "--param", "n=2");
            DeploymentRecord deployed = deployments.named("etl/nightly").getFirst();
            assertThat(deployed.workQueueName()).isEqualTo("etl");
            assertThat(queues.named("etl")).isPresent();
            assertThat(ids(json(env, "deployment", "ls", "--json"))).contains(deployed.id().toString());

            ok(env, "deployment", "pause", "nightly");
            assertThat(deployments.find(deployed.id()).orElseThrow().scheduleActive()).isFalse();
            ok(env, "deployment", "resume", "nightly");
            assertThat(deployments.find(deployed.id()).orElseThrow().scheduleActive()).isTrue();

            UUID runId = UUID.fromString(json(env, "deployment", "run", "nightly", "--param", "n=3", "--json")
                    .get("id").asText());
            assertThat(runs.findRun(runId, RunKind.FLOW).orElseThrow().state().type()).isEqualTo(StateType.SCHEDULED);
            assertThat(runs.findRun(runId, RunKind.FLOW).orElseThrow().parameters()).contains("\"n\":3");
            assertThat(ids(json(env, "deployment", "inspect", "etl/nightly", "--json").path("recent_runs"))).containsExactly(runId.toString());

            ok(env, "work-queue", "create", "side", "--concurrency", "3");
            assertThat(queues.named("side").orElseThrow().concurrencyLimit()).isEqualTo(3);
            ok(env, "work-queue", "pause", "side");
            assertThat(queues.named("side").orElseThrow().paused()).isTrue();
            ok(env, "work-queue", "resume", "side");
            assertThat(queues.named("side").orElseThrow().paused()).isFalse();
            assertThat(ok(env, "work-queue", "ls")).contains("side", "etl");
            assertThat(ids(json(env, "work-queue", "inspect", "etl", "--json").path("runs")))
                    .containsExactly(runId.toString());

            ok(env, "concurrency-limit", "create", "cpu", "2");
            assertThat(limits.find("cpu").orElseThrow().limit()).isEqualTo(2);
            assertThat(ok(env, "concurrency-limit", "ls")).contains("cpu");
            assertThat(ok(env, "concurrency-limit", "inspect", "cpu")).contains("cpu");
            ok(env, "concurrency-limit", "delete", "cpu");
            assertThat(limits.find("cpu")).isEmpty();

            assertThat(ids(json(env, "flow-run", "ls", "--json"))).containsExactly(runId.toString());
            assertThat(ok(env, "flow-run", "inspect", runId.toString())).contains(runId.toString());
            assertThat(orion(env, "flow-run", "logs", runId.toString()).exitCode()).isZero();
            assertThat(json(env, "rules", "explain", "--run", runId.toString(), "--json").findValuesAsText("run_id"))
                    .contains(runId.toString());
            assertThat(json(env, "rules", "ls", "--json").path("flow")).isNotEmpty();
            Path candidate = Files.writeString(dir.resolve("candidate.json"), "{\"disabled\": [\"RetryFailedTasks\"]}");
            assertThat(json(env, "rules", "replay", "--policy", candidate.toString(), "--json").path("proposals").asInt())
                    .as("the server's recorded decisions").isPositive();

            // A paused run only resumes: the server answers ABORT for this Scheduled one (locally it is unknown).
            CliResult resume = orion(env, "flow-run", "resume", runId.toString());
            assertThat(resume.out()).as(resume.toString()).startsWith("ABORT").contains("not paused");
            ok(env, "flow-run", "cancel", runId.toString());
            assertThat(runs.findRun(runId, RunKind.FLOW).orElseThrow().state().type()).isEqualTo(StateType.CANCELLED);

            // Retried through the server, whose policy keeps a run cancelled before it started Cancelled.
            CliResult retry = orion(env, "flow-run", "retry", runId.toString());
            assertThat(retry.out()).as(retry.toString()).contains("retried", "Cancelled");
            assertThat(runs.decisions(runId)).extracting(d -> d.proposedType()).contains(StateType.PENDING);
            UUID ran = UUID.fromString(json(env, "run", ETL_JS.toString(), "--param", "n=2", "--json")
                    .get("flow_run_id").asText());
            assertThat(runs.findRun(ran, RunKind.FLOW).orElseThrow().state().type()).isEqualTo(StateType.COMPLETED);

            ok(env, "deployment", "delete", "nightly");
            assertThat(deployments.find(deployed.id())).isEmpty();

            VariableStore variables = new VariableStore(db);
            ok(env, "variable", "set", "region", "eu_west", "--tag", "prod");
            assertThat(variables.byName("region").orElseThrow().value()).isEqualTo("eu_west");
            assertThat(ok(env, "variable", "get", "region")).isEqualTo("eu_west\n");
            assertThat(ok(env, "variable", "ls")).contains("region");
            ok(env, "variable", "rm", "region");
            assertThat(variables.byName("region")).isEmpty();

            Secrets secrets = Secrets.of(db, SecretCipher.load(server.home, Optional.empty()));
            ok(stdin("s3cr3t"), env, "secret", "set", "db-password");
            assertThat(secrets.get("db-password")).contains("s3cr3t");
            assertThat(ok(env, "secret", "ls")).contains("db-password");
            ok(env, "secret", "rm", "db-password");
            assertThat(secrets.names()).isEmpty();

            GlobalLimitStore globalLimits = new GlobalLimitStore(db);
            ok(env, "global-concurrency-limit", "create", "gpu", "--limit", "4");
            assertThat(globalLimits.find("gpu").orElseThrow().limit()).isEqualTo(4);
            ok(env, "global-concurrency-limit", "update", "gpu", "--limit", "5", "--no-active");
            assertThat(globalLimits.find("gpu").orElseThrow())
                    .extracting(GlobalLimitRecord::limit, GlobalLimitRecord::active).containsExactly(5, false);
            assertThat(json(env, "global-concurrency-limit", "inspect", "gpu", "--json").path("limit").asInt())
                    .isEqualTo(5);
            assertThat(ok(env, "global-concurrency-limit", "ls")).contains("gpu");
            ok(env, "global-concurrency-limit", "rm", "gpu");
            assertThat(globalLimits.find("gpu")).isEmpty();

            new ArtifactStore(db).create(new NewArtifact("weekly-report", "markdown", "the week", "# Up 4 %", Map.of(),
                    runId, null));
            assertThat(ok(env, "artifact", "ls")).contains("weekly-report");
            assertThat(json(env, "artifact", "inspect", "weekly-report", "--json").findValuesAsText("data"))
                    .containsExactly("# Up 4 %");

            assertThat(dir.resolve("client-home").resolve("orion.db")).as("the local store is never created")
                    .doesNotExist();
        }
    }

    @Test
    void withoutAnApiUrlNoCommandOpensAListeningSocket() throws Exception {
        assumeTrue(straceWorks(), "strace (ptrace) is not available here");
        Path home = dir.resolve("home");
        Path trace = dir.resolve("listen.trace");
        Path log = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=listen", "-o", trace.toString()));
        command.addAll(ChildJvm.command(System.getProperty("java.class.path"), EmbeddedCommands.class, List.of(),
                ETL_JS.toString()));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("ORION_"));
        b.environment().put("ORION_HOME", home.toString());
        b.environment().put("ORION_FLOWS_DIR", ROOT.toString());
        Process p = b.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the commands to finish").isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains(EmbeddedCommands.DONE);

        // Every listen(2) of the child, from any thread: only the control's, made after the commands.
        List<String> listens = Files.readAllLines(trace).stream().filter(l -> l.contains("listen(")).toList();
        assertThat(listens).as("listen calls (the last is the control's)\n" + out).hasSize(1);

        // And the commands' effects are in the local store.
        try (Database db = Database.open("jdbc:sqlite:" + home.resolve("orion.db"))) {
            assertThat(new DeploymentStore(db).named("etl/nightly")).isEmpty(); // deleted by the last command
            assertThat(new WorkQueueStore(db).named("side").orElseThrow().concurrencyLimit()).isEqualTo(3);
            assertThat(new RunStore(db).listFlowRuns(10, StateType.COMPLETED, "etl")).hasSize(1); // orion run's
            assertThat(new RunStore(db).listFlowRuns(10, StateType.CANCELLED, "etl")).hasSize(1); // cancelled, retried
            assertThat(new VariableStore(db).byName("region").orElseThrow().value()).isEqualTo("eu_west");
            assertThat(Secrets.of(db, SecretCipher.load(home, Optional.empty())).get("db-password")).contains("s3cr3t");
            assertThat(new GlobalLimitStore(db).find("gpu").orElseThrow().limit()).isEqualTo(5);
        }
    }

    private static boolean straceWorks() {
        try {
            Process p = new ProcessBuilder("strace", "-qq", "-e", "trace=none", "true").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String ok(Map<String, String> env, String... args) {
        CliResult r = orion(env, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r.out();
    }

    /** As {@link #ok(Map, String...)}, with {@code stdin} as the command's standard input. */
    private static String ok(InputStream stdin, Map<String, String> env, String... args) {
        InputStream previous = System.in;
        System.setIn(stdin);
        try {
            return ok(env, args);
        } finally {
            System.setIn(previous);
        }
    }

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code id} of each element of a JSON array. */
    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static JsonNode json(Map<String, String> env, String... args) throws IOException {
        return Json.MAPPER.readTree(ok(env, args));
    }
}
