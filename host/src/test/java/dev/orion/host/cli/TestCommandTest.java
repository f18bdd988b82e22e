package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orion test FILE}: the example script tests of {@code scripts/etl.js} and
 * {@code scripts/etl.py} pass through the real engine, policy and temporary stores, and a
 * failing script test makes the command exit 1 naming it.
 */
class TestCommandTest {

    private static final Path SCRIPTS = Path.of("..", "scripts");

    @TempDir
    Path dir;

    @Test
    void theJavaScriptEtlTestsPass() {
        CliResult result = orion("test", SCRIPTS.resolve("etl.test.js").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("ok   sums the squares of 0..n-1")
                .contains("ok   audits after every square, with a log line")
                .contains("ok   a second run with the same numbers takes total from the cache until it expires")
                .contains("3 tests, 3 passed, 0 failed");
    }

    @Test
    void aFailingJavaScriptTestExitsOneNamingItWithTheAssertionAndItsLine() throws Exception {
        Path test = javascriptTests();

        CliResult result = orion("test", test.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("ok   a task that fails once is retried after its delay, on the test clock")
                .contains("FAIL expects the wrong sum").contains("AssertionError: expected 6, got 5")
                .contains("at " + test + ":13").contains("2 tests, 1 passed, 1 failed");
        assertThat(result.err().strip()).isEqualTo("orion: 1 test failed: " + test + " > expects the wrong sum");
    }

    @Test
    void jsonAndMatchSelectAndDescribeTests() throws Exception {
        Path test = javascriptTests();

        CliResult result = orion("test", test.toString(), "--match", "wrong", "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode json = Json.MAPPER.readTree(result.out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("test").asText()).isEqualTo("expects the wrong sum");
        assertThat(json.get(0).get("passed").asBoolean()).isFalse();
        assertThat(json.get(0).get("at").asText()).isEqualTo(test + ":13");
    }

    @Test
    void thePythonEtlTestsPassAndAFailingOneIsNamedWithItsAssertStatement() throws Exception {
        Files.copy(SCRIPTS.resolve("etl.py"), dir.resolve("etl.py"));
        Path failing = Files.writeString(dir.resolve("test_wrong.py"), """
                from orion.testing import run_flow
                from etl import etl


                def test_expects_the_wrong_sum():
                    run = run_flow(etl, n=3)
                    assert run.result == 6
                """);

        CliResult result = orion("test", SCRIPTS.resolve("test_etl.py").toString(), failing.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("ok   test_sums_the_squares_of_0_to_n")
                .contains("ok   test_audits_after_every_square_with_a_log_line")
                .contains("ok   test_total_comes_from_the_cache_until_it_expires")
                .contains("FAIL test_expects_the_wrong_sum").contains("AssertionError: assert run.result == 6")
                .contains("at " + failing + ":7").contains("4 tests, 3 passed, 1 failed");
        assertThat(result.err().strip()).isEqualTo("orion: 1 test failed: " + failing + " > test_expects_the_wrong_sum");
    }

    @Test
    void aFolderStandsForTheTestFilesUnderIt() throws Exception {
        Path test = javascriptTests();
        Files.createDirectories(dir.resolve("node_modules/pkg"));
        Files.writeString(dir.resolve("node_modules/pkg/x.test.js"), "throw new Error('not a test of ours');\n");

        CliResult result = orion("test", dir.toString(), "--match", "retried");
        CliResult empty = orion("test", Files.createDirectories(dir.resolve("empty")).toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith(test + "\n").contains("1 test, 1 passed, 0 failed");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err().strip()).isEqualTo("orion: no test files in " + dir.resolve("empty")
                + ": name them *.test.js, *.test.mjs, test_*.py or *_test.py");
    }

    @Test
    void aFileWithoutTestsOrOfAnotherLanguageIsOneClearLine() throws Exception {
        Path none = Files.writeString(dir.resolve("none.test.js"), "const x = 1;\n");
        Path groovy = Files.writeString(dir.resolve("x.groovy"), "println 1\n");

        CliResult noTests = orion("test", none.toString());
        CliResult other = orion("test", groovy.toString());
        CliResult missing = orion("test", dir.resolve("nope.js").toString());

        assertThat(noTests.exitCode()).isEqualTo(2);
        assertThat(noTests.err().strip()).isEqualTo("orion: " + none + " defines no tests; declare them with "
                + "testing.test(\"name\", () => { ... }) in JavaScript or def test_name(): in Python");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err().strip()).contains("is not a JavaScript or Python file");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("does not exist");
    }

    /** A test file beside a copy of etl.js: one test that passes (a retried task), one that fails on line 13. */
    private Path javascriptTests() throws Exception {
        Files.copy(SCRIPTS.resolve("etl.js"), dir.resolve("etl.js"));
        return Files.writeString(dir.resolve("wrong.test.js"), """
                const { etl } = importScript("./etl.js");
                const { test, runFlow, assert } = testing;
                let attempts = 0;
                const flaky = task({ name: "flaky", retries: 1, retryDelaySeconds: 3600 }, () => {
                  if (attempts++ === 0) throw new Error("first attempt fails");
                  return attempts;
                });
                const once = flow("once", () => flaky());
                test("a task that fails once is retried after its delay, on the test clock", () => {
                  assert.deepEqual(runFlow(once).taskRun("flaky").stateNames,
                    ["Pending", "Running", "AwaitingRetry", "Retrying", "Completed"]);
                });
                test("expects the wrong sum", () => assert.equal(runFlow(etl, { n: 3 }).result, 6));
                """);
    }
}
