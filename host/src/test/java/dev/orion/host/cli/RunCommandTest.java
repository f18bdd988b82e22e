package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.host.OrionSettings;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.util.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

class RunCommandTest {

    static final Path ETL = Path.of(System.getProperty("user.dir")).resolveSibling("scripts").resolve("java/Etl.java");

    @TempDir
    Path dir;

    /** What a command printed and returned. */
    record Result(int exit, String out, String err) {
        JsonNode json() {
            return Json.read(out, JsonNode.class);
        }
    }

    static Result execute(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static OrionSettings settings(Path home, String url) {
        return OrionSettings.fromMap(Map.of("ORION_HOME", home.toString(), "ORION_DATABASE_URL", url));
    }

    static List<RunRow> flowRuns(String url) {
        try (Database db = Database.open(url)) {
            return new RunStore(db).listFlowRuns(100, null, null);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void runsTheEtlExampleAndPrintsItsOutcomeAsJson(TestDatabase which) {
        String url = which.url(dir);
        Result r = execute(new RunCommand(() -> settings(dir, url)), ETL.toString(), "--param", "n=10", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.path("result").asInt()).isEqualTo(285);
        assertThat(json.path("flow").asText()).isEqualTo("etl");
        assertThat(json.path("state").path("type").asText()).isEqualTo("COMPLETED");
        assertThat(json.path("duration_ms").asLong()).isPositive();
        assertThat(json.path("task_runs")).hasSize(15);
        UUID id = UUID.fromString(json.path("flow_run_id").asText());
        assertThat(flowRuns(url)).extracting(RunRow::id).contains(id);
    }

    @Test
    void printsThePlainOutcomeAndTakesParametersAsJson() {
        String url = TestDatabase.SQLITE.url(dir);
        Result r = execute(new RunCommand(() -> settings(dir, url)), ETL.toString(), "--params", "{\"n\": 3}");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("state:  Completed").contains("result: 5").contains("task runs: 8");
    }

    @Test
    void aCompileErrorPrintsFileLineAndExits2WithoutARun() throws Exception {
        Path broken = dir.resolve("Broken.java");
        Files.writeString(broken, """
                import dev.orion.api.Flow;
                public class Broken {
                    public static final Flow<Integer> f = Flow.of("f", () -> undefinedThing());
                }
                """);
        String url = TestDatabase.SQLITE.url(dir);
        Result r = execute(new RunCommand(() -> settings(dir, url)), broken.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(broken + ":3: error: cannot find symbol");
        assertThat(flowRuns(url)).isEmpty();
    }

    @Test
    void aPolicyJsonThatDoesNotLoadStopsTheRunWithOneLineAndExit2BeforeAnythingIsRecorded() throws Exception {
        Files.writeString(dir.resolve("policy.json"), "{\"disabled\": [\"WaitForScheduledTime\"");
        String url = TestDatabase.SQLITE.url(dir);
        CliResult r = CliResult.orion(Map.of("ORION_HOME", dir.toString(), "ORION_DATABASE_URL", url),
                "run", ETL.toString(), "--param", "n=2");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("orion: the policy does not load: ").contains("policy.json")
                .contains("fix or remove the file").doesNotContain("\n");
        assertThat(flowRuns(url)).isEmpty();
    }

    @Test
    void aMissingOrBadParameterExits2BeforeAnyRunIsCreated() {
        String url = TestDatabase.SQLITE.url(dir);
        Result missing = execute(new RunCommand(() -> settings(dir, url)), ETL.toString());
        Result bad = execute(new RunCommand(() -> settings(dir, url)), ETL.toString(), "--param", "n=many");

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("needs parameter 'n' (Integer)");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("parameter 'n' of flow 'etl' must be Integer, got 'many'");
        assertThat(flowRuns(url)).isEmpty();
    }

    @Test
    void aFailedFlowExits1() throws Exception {
        Path failing = dir.resolve("Failing.java");
        Files.writeString(failing, """
                import dev.orion.api.Flow;
                public class Failing {
                    public static Flow<String> flow() {
                        return Flow.of("failing", (String who) -> {
                            throw new IllegalArgumentException("no " + who);
                        });
                    }
                }
                """);
        String url = TestDatabase.SQLITE.url(dir);
        Result r = execute(new RunCommand(() -> settings(dir, url)), failing.toString(), "--param", "who=one",
                "--json");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().path("state").path("type").asText()).isEqualTo("FAILED");
        assertThat(r.json().path("state").path("message").asText())
                .contains("IllegalArgumentException: no one").contains("Failing.java:5");
        assertThat(flowRuns(url)).singleElement().satisfies(run -> {
            assertThat(run.kind()).isEqualTo(RunKind.FLOW);
            assertThat(run.parameters()).isEqualTo("{\"who\":\"one\"}");
        });
    }
}
